package dev.sockloop.hardening;

import dev.sockloop.transport.Transport;

class EpollHostileClientTests extends HostileClientTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
