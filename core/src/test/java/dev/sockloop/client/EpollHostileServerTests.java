package dev.sockloop.client;

import dev.sockloop.transport.Transport;

class EpollHostileServerTests extends HostileServerTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
