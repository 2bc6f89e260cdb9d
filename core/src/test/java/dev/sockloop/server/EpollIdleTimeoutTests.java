package dev.sockloop.server;

import dev.sockloop.transport.Transport;

class EpollIdleTimeoutTests extends IdleTimeoutTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
