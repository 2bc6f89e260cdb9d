package dev.sockloop.server;

import dev.sockloop.transport.Transport;

class EpollFrameDecodingTests extends FrameDecodingTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
