package dev.sockloop.server;

import dev.sockloop.transport.Transport;

class EpollBindFailureTests extends BindFailureTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
