package dev.sockloop.connection;

import dev.sockloop.transport.Transport;

class EpollBackpressureTests extends BackpressureTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
