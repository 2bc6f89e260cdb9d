package dev.sockloop.hardening;

import dev.sockloop.transport.Transport;

class NioTimeoutTests extends TimeoutTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
