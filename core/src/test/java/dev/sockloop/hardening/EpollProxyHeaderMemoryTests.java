package dev.sockloop.hardening;

import dev.sockloop.transport.Transport;

class EpollProxyHeaderMemoryTests extends ProxyHeaderMemoryTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
