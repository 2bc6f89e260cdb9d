package dev.sockloop.server;

import dev.sockloop.transport.Transport;

class NioUnixSocketServerTests extends UnixSocketServerTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
