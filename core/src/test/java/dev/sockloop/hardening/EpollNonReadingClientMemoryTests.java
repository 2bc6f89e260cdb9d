package dev.sockloop.hardening;

import dev.sockloop.transport.Transport;

class EpollNonReadingClientMemoryTests extends NonReadingClientMemoryTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
