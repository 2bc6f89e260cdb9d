package dev.sockloop.client;

import dev.sockloop.transport.Transport;

class NioHostileServerTests extends HostileServerTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
