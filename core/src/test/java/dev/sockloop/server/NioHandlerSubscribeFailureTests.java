package dev.sockloop.server;

import dev.sockloop.transport.Transport;

class NioHandlerSubscribeFailureTests extends HandlerSubscribeFailureTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
