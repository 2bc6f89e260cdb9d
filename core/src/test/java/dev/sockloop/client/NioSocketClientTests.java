package dev.sockloop.client;

import dev.sockloop.transport.Transport;

class NioSocketClientTests extends SocketClientTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
