package dev.sockloop.server;

import dev.sockloop.transport.Transport;

class NioPauseAcceptingTests extends PauseAcceptingTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
