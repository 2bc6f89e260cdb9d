package dev.sockloop.server;

import dev.sockloop.transport.Transport;

class NioIdleTimeoutTests extends IdleTimeoutTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
