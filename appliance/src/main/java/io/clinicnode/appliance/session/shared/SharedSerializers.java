package io.clinicnode.appliance.session.shared;

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
                .addSerializer(new FailuresSerializer())
                .addSerializer(new RecordSerializer());
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

    private static final class FailuresSerializer implements CompactSerializer<LoginFailures> {
        @Override
        public LoginFailures read(CompactReader reader) {
            return new LoginFailures(reader.readArrayOfInt64("times"));
        }

        @Override
        public void write(CompactWriter writer, LoginFailures failures) {
            writer.writeArrayOfInt64("times", failures.times());
        }

        @Override
        public String getTypeName() {
            return "clinicnode.LoginFailures";
        }

        @Override
        public Class<LoginFailures> getCompactClass() {
            return LoginFailures.class;
        }
    }

    private static final class RecordSerializer implements CompactSerializer<LoginFailures.Record> {
        @Override
        public LoginFailures.Record read(CompactReader reader) {
            return new LoginFailures.Record(reader.readInt64("now"), reader.readInt64("windowMillis"), reader.readInt32("max"));
        }

        @Override
        public void write(CompactWriter writer, LoginFailures.Record record) {
            writer.writeInt64("now", record.now());
            writer.writeInt64("windowMillis", record.windowMillis());
            writer.writeInt32("max", record.max());
        }

        @Override
        public String getTypeName() {
            return "clinicnode.LoginFailures.Record";
        }

        @Override
        public Class<LoginFailures.Record> getCompactClass() {
            return LoginFailures.Record.class;
        }
    }
}
