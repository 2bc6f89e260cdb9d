package dev.sockloop.server;

import dev.sockloop.transport.Transport;

class NioBindFailureTests extends BindFailureTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
