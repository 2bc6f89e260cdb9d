package dev.sockloop.hardening;

import dev.sockloop.transport.Transport;

class EpollTlsNonReadingClientMemoryTests extends TlsNonReadingClientMemoryTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
