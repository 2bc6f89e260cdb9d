package dev.sockloop.connection;

import dev.sockloop.transport.Transport;

class EpollConnectionEndingTests extends ConnectionEndingTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
