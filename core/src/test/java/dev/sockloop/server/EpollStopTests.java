package dev.sockloop.server;

import dev.sockloop.transport.Transport;

class EpollStopTests extends StopTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
