package dev.sockloop.server;

import dev.sockloop.transport.Transport;

class NioLargeMessageTests extends LargeMessageTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
