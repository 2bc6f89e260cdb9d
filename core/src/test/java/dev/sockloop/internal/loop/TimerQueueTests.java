package dev.sockloop.internal.loop;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TimerQueueTests {

	private final List<String> ran = new ArrayList<>();

	private final TimerQueue queue = new TimerQueue(() -> true, Runnable::run);

	@Test
	void dueTasksRunInDeadlineOrderAndThoseWithEqualDeadlinesInSchedulingOrder() {
		schedule(30, "c");
		schedule(10, "a1");
		schedule(20, "b");
		schedule(10, "a2");
		schedule(40, "d");
		assertThat(this.queue.runDue(30, Runnable::run)).isEqualTo(4);
		assertThat(this.ran).containsExactly("a1", "a2", "b", "c");
		assertThat(this.queue.size()).isOne();
	}

	@Test
	void nearestDeadlineIsRoundedUpToWholeMilliseconds() {
		assertThat(this.queue.millisUntilNext(0)).isEqualTo(-1);
		schedule(2_500_000, "a");
		assertThat(this.queue.millisUntilNext(0)).isEqualTo(3);
		assertThat(this.queue.millisUntilNext(2_500_000)).isZero();
	}

	@Test
	void cancellingTheHeadReleasesItAndMovesTheNextDeadlineUp() {
		ScheduledTask head = schedule(10, "a");
		schedule(20, "b");
		head.cancel();
		assertThat(this.queue.size()).isOne();
		assertThat(this.queue.millisUntilNext(0)).isEqualTo(1);
		this.queue.runDue(100, Runnable::run);
		assertThat(this.ran).containsExactly("b");
	}

	@Test
	void cancellingATaskInTheMiddleReleasesItAtOnce() {
		List<ScheduledTask> tasks = new ArrayList<>();
		for (int i = 0; i < 15; i++) {
			tasks.add(schedule(i, "t" + i));
		}
		tasks.get(7).cancel();
		tasks.get(3).cancel();
		assertThat(this.queue.size()).isEqualTo(13);
		this.queue.runDue(100, Runnable::run);
		assertThat(this.ran).hasSize(13).doesNotContain("t3", "t7").isSortedAccordingTo(byNumber());
	}

	@Test
	void cancellingTheLastTaskOfTheHeapReleasesIt() {
		schedule(10, "a");
		schedule(20, "b");
		ScheduledTask tail = schedule(30, "c");
		tail.cancel();
		assertThat(this.queue.size()).isEqualTo(2);
		this.queue.runDue(100, Runnable::run);
		assertThat(this.ran).containsExactly("a", "b");
	}

	@Test
	void cancellingATaskThatRanOrWasCancelledDoesNothing() {
		ScheduledTask first = schedule(10, "a");
		ScheduledTask second = schedule(20, "b");
		schedule(30, "c");
		this.queue.runDue(10, Runnable::run);
		first.cancel();
		second.cancel();
		second.cancel();
		assertThat(this.queue.size()).isOne();
		this.queue.runDue(100, Runnable::run);
		assertThat(this.ran).containsExactly("a", "c");
	}

	@Test
	void aTaskScheduledAgainAfterItsCancelRuns() {
		schedule(10, "a").cancel();
		schedule(10, "a");
		this.queue.runDue(10, Runnable::run);
		assertThat(this.ran).containsExactly("a");
	}

	@Test
	void aTaskMayCancelAnotherDueTaskWhileRunning() {
		ScheduledTask[] victim = new ScheduledTask[1];
		this.queue.schedule(10, () -> victim[0].cancel());
		victim[0] = schedule(10, "victim");
		schedule(10, "after");
		this.queue.runDue(10, Runnable::run);
		assertThat(this.ran).containsExactly("after");
		assertThat(this.queue.isEmpty()).isTrue();
	}

	@Test
	void aCancelFromAnotherThreadPreventsTheRunAtOnceAndLeavesTheRemovalToTheLoop() {
		ConcurrentLinkedQueue<Runnable> handedOver = new ConcurrentLinkedQueue<>();
		Executor loop = handedOver::add;
		TimerQueue offLoop = new TimerQueue(() -> false, loop);
		ScheduledTask task = offLoop.schedule(10, () -> this.ran.add("a"));
		task.cancel();
		assertThat(offLoop.size()).as("still queued until the loop removes it").isOne();
		assertThat(handedOver).hasSize(1);
		handedOver.poll().run();
		assertThat(offLoop.size()).isZero();
		offLoop.runDue(100, Runnable::run);
		assertThat(this.ran).isEmpty();
	}

	@Test
	void aCancelFromAnotherThreadThatLosesTheRaceWithTheDeadlineStillPreventsTheRun() {
		ConcurrentLinkedQueue<Runnable> handedOver = new ConcurrentLinkedQueue<>();
		TimerQueue offLoop = new TimerQueue(() -> false, handedOver::add);
		ScheduledTask task = offLoop.schedule(10, () -> this.ran.add("a"));
		task.cancel();
		assertThat(offLoop.runDue(100, Runnable::run)).isZero();
		handedOver.poll().run();
		assertThat(this.ran).isEmpty();
		assertThat(offLoop.isEmpty()).isTrue();
	}

	@Test
	void manyRandomSchedulesCancelsAndRunsAgreeWithASortedReference() {
		Random random = new Random(42);
		// Reference: (deadline, sequence) -> name, in the order the queue must run them.
		TreeMap<long[], String> reference = new TreeMap<>(
				Comparator.<long[]>comparingLong((key) -> key[0]).thenComparingLong((key) -> key[1]));
		List<ScheduledTask> live = new ArrayList<>();
		List<long[]> liveKeys = new ArrayList<>();
		long now = 0;
		long sequence = 0;
		List<String> expected = new ArrayList<>();
		for (int step = 0; step < 20_000; step++) {
			int op = random.nextInt(10);
			if (op < 5) {
				long deadline = now + random.nextInt(1000);
				String name = "t" + sequence;
				long[] key = { deadline, sequence++ };
				live.add(schedule(deadline, name));
				liveKeys.add(key);
				reference.put(key, name);
			}
			else if (op < 8 && !live.isEmpty()) {
				int pick = random.nextInt(live.size());
				live.get(pick).cancel();
				reference.remove(liveKeys.get(pick));
				live.remove(pick);
				liveKeys.remove(pick);
			}
			else {
				now += random.nextInt(200);
				while (!reference.isEmpty() && reference.firstKey()[0] <= now) {
					expected.add(reference.pollFirstEntry().getValue());
				}
				this.queue.runDue(now, Runnable::run);
				for (int i = live.size() - 1; i >= 0; i--) {
					if (liveKeys.get(i)[0] <= now) {
						live.remove(i);
						liveKeys.remove(i);
					}
				}
				assertThat(this.ran).isEqualTo(expected);
			}
			assertThat(this.queue.size()).isEqualTo(reference.size());
			long nearest = reference.isEmpty() ? -1 : Math.max(0, (reference.firstKey()[0] - now + 999_999) / 1_000_000);
			assertThat(this.queue.millisUntilNext(now)).isEqualTo((int) nearest);
		}
	}

	@Test
	void clearDropsEveryTaskAndLaterCancelsAreHarmless() {
		ScheduledTask task = schedule(10, "a");
		for (int i = 0; i < 200; i++) {
			schedule(20 + i, "b" + i);
		}
		this.queue.clear();
		task.cancel();
		assertThat(this.queue.isEmpty()).isTrue();
		schedule(5, "c");
		this.queue.runDue(1000, Runnable::run);
		assertThat(this.ran).containsExactly("c");
	}

	private ScheduledTask schedule(long deadlineNanos, String name) {
		return this.queue.schedule(deadlineNanos, () -> this.ran.add(name));
	}

	private static Comparator<String> byNumber() {
		return Comparator.comparingInt((name) -> Integer.parseInt(name.substring(1)));
	}

}
