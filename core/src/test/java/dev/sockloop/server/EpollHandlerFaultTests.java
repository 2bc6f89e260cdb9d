package dev.sockloop.server;

import dev.sockloop.transport.Transport;

class EpollHandlerFaultTests extends HandlerFaultTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
