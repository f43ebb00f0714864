package io.clinicnode.appliance.session.shared;

import io.clinicnode.appliance.session.LoginAttempts;

import com.hazelcast.config.Config;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;

/**
 * Compact serializers for what the session package puts into Hazelcast or sends to a partition's owner. Explicit, so
 * that no Java serialization (and no reflection) is involved: a member only ever reads these few fixed shapes.
 * Stateless.
 */
final class SharedSerializers {
    private SharedSerializers() {
    }

    /** Registers them once per configuration, whoever asks first (the session store and the login limit both need them). */
    static void register(Config config) {
        if (config.getUserContext().putIfAbsent(SharedSerializers.class.getName(), Boolean.TRUE) != null) {
            return;
        }
        config.getSerializationConfig().getCompactSerializationConfig()
                .addSerializer(new SessionSerializer())
                .addSerializer(new MergeSerializer())
                .addSerializer(new AttemptsSerializer())
                .addSerializer(new CountSerializer())
                .addSerializer(new GiveBackSerializer());
    }

    private static final class SessionSerializer implements CompactSerializer<SharedSession> {
        @Override
        public SharedSession read(CompactReader reader) {
            return new SharedSession(reader.readInt64("expiresAt"), reader.readInt64("keepUntil"), reader.readBoolean("revoked"),
                    reader.readArrayOfInt8("sealed"));
        }

        @Override
        public void write(CompactWriter writer, SharedSession session) {
            writer.writeInt64("expiresAt", session.expiresAt());
            writer.writeInt64("keepUntil", session.keepUntil());
            writer.writeBoolean("revoked", session.revoked());
            writer.writeArrayOfInt8("sealed", session.sealed());
        }

        @Override
        public String getTypeName() {
            return "clinicnode.SharedSession";
        }

        @Override
        public Class<SharedSession> getCompactClass() {
            return SharedSession.class;
        }
    }

    private static final class MergeSerializer implements CompactSerializer<MergeSession> {
        @Override
        public MergeSession read(CompactReader reader) {
            return new MergeSession(reader.readCompact("incoming"));
        }

        @Override
        public void write(CompactWriter writer, MergeSession merge) {
            writer.writeCompact("incoming", merge.incoming());
        }

        @Override
        public String getTypeName() {
            return "clinicnode.MergeSession";
        }

        @Override
        public Class<MergeSession> getCompactClass() {
            return MergeSession.class;
        }
    }

    private static final class AttemptsSerializer implements CompactSerializer<LoginAttempts> {
        @Override
        public LoginAttempts read(CompactReader reader) {
            return new LoginAttempts(reader.readArrayOfInt64("times"));
        }

        @Override
        public void write(CompactWriter writer, LoginAttempts attempts) {
            writer.writeArrayOfInt64("times", attempts.times());
        }

        @Override
        public String getTypeName() {
            return "clinicnode.LoginAttempts";
        }

        @Override
        public Class<LoginAttempts> getCompactClass() {
            return LoginAttempts.class;
        }
    }

    private static final class CountSerializer implements CompactSerializer<CountAttempt> {
        @Override
        public CountAttempt read(CompactReader reader) {
            return new CountAttempt(reader.readInt64("now"), reader.readInt64("windowMillis"), reader.readInt32("max"));
        }

        @Override
        public void write(CompactWriter writer, CountAttempt count) {
            writer.writeInt64("now", count.now());
            writer.writeInt64("windowMillis", count.windowMillis());
            writer.writeInt32("max", count.max());
        }

        @Override
        public String getTypeName() {
            return "clinicnode.CountAttempt";
        }

        @Override
        public Class<CountAttempt> getCompactClass() {
            return CountAttempt.class;
        }
    }

    private static final class GiveBackSerializer implements CompactSerializer<GiveBackAttempt> {
        @Override
        public GiveBackAttempt read(CompactReader reader) {
            return new GiveBackAttempt(reader.readInt64("countedAt"), reader.readBoolean("upToIt"),
                    reader.readInt64("windowMillis"));
        }

        @Override
        public void write(CompactWriter writer, GiveBackAttempt giveBack) {
            writer.writeInt64("countedAt", giveBack.countedAt());
            writer.writeBoolean("upToIt", giveBack.upToIt());
            writer.writeInt64("windowMillis", giveBack.windowMillis());
        }

        @Override
        public String getTypeName() {
            return "clinicnode.GiveBackAttempt";
        }

        @Override
        public Class<GiveBackAttempt> getCompactClass() {
            return GiveBackAttempt.class;
        }
    }
}
