package dev.sockloop.hardening;

import dev.sockloop.transport.Transport;

class EpollIdleConnectionHeapTests extends IdleConnectionHeapTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
