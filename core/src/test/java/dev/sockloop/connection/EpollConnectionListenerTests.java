package dev.sockloop.connection;

import dev.sockloop.transport.Transport;

class EpollConnectionListenerTests extends ConnectionListenerTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
