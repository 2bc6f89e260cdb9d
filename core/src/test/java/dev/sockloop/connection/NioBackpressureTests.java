package dev.sockloop.connection;

import dev.sockloop.transport.Transport;

class NioBackpressureTests extends BackpressureTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
