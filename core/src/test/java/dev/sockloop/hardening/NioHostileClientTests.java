package dev.sockloop.hardening;

import dev.sockloop.transport.Transport;

class NioHostileClientTests extends HostileClientTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
