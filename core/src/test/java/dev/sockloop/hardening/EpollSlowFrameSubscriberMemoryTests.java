package dev.sockloop.hardening;

import dev.sockloop.transport.Transport;

class EpollSlowFrameSubscriberMemoryTests extends SlowFrameSubscriberMemoryTests {

	@Override
	Transport transport() {
		return Transport.EPOLL;
	}

}
