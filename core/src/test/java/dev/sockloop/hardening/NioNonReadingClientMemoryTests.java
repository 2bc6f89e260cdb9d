package dev.sockloop.hardening;

import dev.sockloop.transport.Transport;

class NioNonReadingClientMemoryTests extends NonReadingClientMemoryTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
