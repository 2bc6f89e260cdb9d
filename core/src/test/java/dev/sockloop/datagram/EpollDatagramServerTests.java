package dev.sockloop.datagram;

import dev.sockloop.transport.Transport;

class EpollDatagramServerTests extends DatagramServerTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
