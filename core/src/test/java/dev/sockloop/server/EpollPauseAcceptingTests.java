package dev.sockloop.server;

import dev.sockloop.transport.Transport;

class EpollPauseAcceptingTests extends PauseAcceptingTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
