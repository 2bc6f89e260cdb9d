package dev.sockloop.connection;

import dev.sockloop.transport.Transport;

class NioConnectionEndingTests extends ConnectionEndingTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
