package dev.sockloop.server;

import dev.sockloop.transport.Transport;

class NioFrameDecodingTests extends FrameDecodingTests {

	@Override
	Transport transport() {
		return Transport.NIO;
	}

}
