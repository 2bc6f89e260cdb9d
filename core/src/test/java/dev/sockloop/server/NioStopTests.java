package dev.sockloop.server;

import dev.sockloop.transport.Transport;

class NioStopTests extends StopTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
