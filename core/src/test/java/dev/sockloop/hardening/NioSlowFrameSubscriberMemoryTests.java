package dev.sockloop.hardening;

import dev.sockloop.transport.Transport;

class NioSlowFrameSubscriberMemoryTests extends SlowFrameSubscriberMemoryTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
