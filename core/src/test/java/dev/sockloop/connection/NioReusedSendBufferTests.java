package dev.sockloop.connection;

import dev.sockloop.transport.Transport;

class NioReusedSendBufferTests extends ReusedSendBufferTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
