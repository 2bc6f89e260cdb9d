package dev.sockloop.server;

import dev.sockloop.transport.Transport;

class NioEchoTests extends EchoTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
