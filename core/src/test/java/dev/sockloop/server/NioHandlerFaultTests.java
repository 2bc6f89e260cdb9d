package dev.sockloop.server;

import dev.sockloop.transport.Transport;

class NioHandlerFaultTests extends HandlerFaultTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
