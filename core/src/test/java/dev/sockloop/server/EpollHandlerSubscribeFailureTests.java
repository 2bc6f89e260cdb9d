package dev.sockloop.server;

import dev.sockloop.transport.Transport;

class EpollHandlerSubscribeFailureTests extends HandlerSubscribeFailureTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
