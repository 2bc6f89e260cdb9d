package dev.sockloop.connection;

import dev.sockloop.transport.Transport;

class NioClosedConnectionReferenceTests extends ClosedConnectionReferenceTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
