package dev.sockloop.hardening;

import dev.sockloop.transport.Transport;

class NioPartialFrameMemoryTests extends PartialFrameMemoryTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
