package dev.sockloop.server;

import dev.sockloop.transport.Transport;

class EpollUnixSocketServerTests extends UnixSocketServerTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
