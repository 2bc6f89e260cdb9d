package dev.sockloop.hardening;

import dev.sockloop.transport.Transport;

class EpollTimerReleaseTests extends TimerReleaseTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
