package dev.sockloop.hardening;

import dev.sockloop.transport.Transport;

class EpollTimeoutTests extends TimeoutTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
