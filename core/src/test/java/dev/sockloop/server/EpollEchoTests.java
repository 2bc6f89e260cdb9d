package dev.sockloop.server;

import dev.sockloop.transport.Transport;

class EpollEchoTests extends EchoTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
