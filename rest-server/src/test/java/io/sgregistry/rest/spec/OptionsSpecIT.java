package io.sgregistry.rest.spec;

import org.junit.jupiter.api.Test;

/**
 * PostgREST's test/spec/Feature/OptionsSpec.hs, ported whole (15 cases): the {@code Allow} header of
 * OPTIONS on tables, a partitioned table, views PostgreSQL updates itself or through INSTEAD OF
 * triggers, functions by volatility, and the root.
 */
@Spec
class OptionsSpecIT {
    private static final String ALL = "OPTIONS,GET,HEAD,POST,PUT,PATCH,DELETE";
    private final SpecClient api;

    OptionsSpecIT(SpecClient api) {
        this.api = api;
    }

    private SpecClient.Reply options(String path) {
        return api.request("OPTIONS", path, null);
    }

    private void allows(String path, String allow) {
        options(path).status(200).header("Allow", allow);
    }

    // a table

    @Test
    void readsAndWritesOfAWritableTable() {
        options("/items").status(200).header("Allow", ALL).header("Content-Length", "0");
    }

    @Test
    void anUnknownTableIs404() {
        options("/unknown").status(404);
    }

    @Test
    void readsAndWritesOfAWritablePartitionedTable() {
        allows("/car_models", ALL);
    }

    // a view

    @Test
    void readsAndWritesOfAnAutoUpdatableViewWithAKey() {
        allows("/projects_auto_updatable_view_with_pk", ALL);
    }

    @Test
    void readsAndWritesButNoPutOfAnAutoUpdatableViewWithoutAKey() {
        allows("/projects_auto_updatable_view_without_pk", "OPTIONS,GET,HEAD,POST,PATCH,DELETE");
    }

    @Test
    void readsOnlyOfAViewThatIsNotAutoUpdatable() {
        allows("/projects_view_without_triggers", "OPTIONS,GET,HEAD");
    }

    @Test
    void readsAndWritesOfAViewWithEveryTriggerAndAKey() {
        allows("/projects_view_with_all_triggers_with_pk", ALL);
    }

    @Test
    void readsAndWritesButNoPutOfAViewWithEveryTriggerWithoutAKey() {
        allows("/projects_view_with_all_triggers_without_pk", "OPTIONS,GET,HEAD,POST,PATCH,DELETE");
    }

    @Test
    void readsAndInsertOfAViewWithAnInsertTrigger() {
        allows("/projects_view_with_insert_trigger", "OPTIONS,GET,HEAD,POST");
    }

    @Test
    void readsAndUpdateOfAViewWithAnUpdateTrigger() {
        allows("/projects_view_with_update_trigger", "OPTIONS,GET,HEAD,PATCH");
    }

    @Test
    void readsAndDeleteOfAViewWithADeleteTrigger() {
        allows("/projects_view_with_delete_trigger", "OPTIONS,GET,HEAD,DELETE");
    }

    // a function

    @Test
    void onlyPostForAVolatileFunction() {
        allows("/rpc/reset_table", "OPTIONS,POST");
    }

    @Test
    void getHeadAndPostForAStableFunction() {
        allows("/rpc/getallusers", "OPTIONS,GET,HEAD,POST");
    }

    @Test
    void getHeadAndPostForAnImmutableFunction() {
        allows("/rpc/jwt_test", "OPTIONS,GET,HEAD,POST");
    }

    // the root

    @Test
    void getAndHeadOfTheRoot() {
        allows("/", "OPTIONS,GET,HEAD");
    }
}
