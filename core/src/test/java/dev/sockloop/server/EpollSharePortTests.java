package dev.sockloop.server;

import dev.sockloop.transport.Transport;

class EpollSharePortTests extends SharePortTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

	@Override
	int connectionAttemptsAHandoverMayLose() {
		return 2;
	}

}
