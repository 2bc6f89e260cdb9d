package dev.sockloop.connection;

import dev.sockloop.transport.Transport;

class NioConnectionListenerTests extends ConnectionListenerTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
