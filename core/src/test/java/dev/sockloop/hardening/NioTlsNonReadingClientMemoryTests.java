package dev.sockloop.hardening;

import dev.sockloop.transport.Transport;

class NioTlsNonReadingClientMemoryTests extends TlsNonReadingClientMemoryTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
