package dev.sockloop.client;

import dev.sockloop.transport.Transport;

class EpollSocketClientTests extends SocketClientTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
