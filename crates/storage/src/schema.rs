// Diesel table definitions, kept in step with migrations/{sqlite,postgres} by hand and checked by the
// storage tests, which run every query against both databases.

diesel::table! {
    dealer_groups (id) {
        id -> BigInt,
        name -> Text,
        version -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    stores (id) {
        id -> BigInt,
        group_id -> BigInt,
        code -> Text,
        name -> Text,
        brand_line -> Nullable<Text>,
        address -> Nullable<Text>,
        phone -> Nullable<Text>,
        timezone -> Text,
        active -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        accept_unchecked_vins -> Bool,
    }
}

diesel::table! {
    teams (id) {
        id -> BigInt,
        store_id -> BigInt,
        name -> Text,
        active -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> BigInt,
        group_id -> BigInt,
        store_id -> BigInt,
        team_id -> Nullable<BigInt>,
        username -> Text,
        display_name -> Text,
        mobile -> Nullable<Text>,
        email -> Nullable<Text>,
        role -> Text,
        data_scope -> Text,
        password_hash -> Text,
        active -> Bool,
        locale -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> BigInt,
        csrf_token -> Text,
        store_id -> BigInt,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    login_failures (id) {
        id -> BigInt,
        username -> Text,
        at -> Timestamp,
        client -> Text,
    }
}

diesel::table! {
    order_requesters (order_id, user_id) {
        order_id -> BigInt,
        user_id -> BigInt,
    }
}

diesel::table! {
    api_tokens (id) {
        id -> BigInt,
        user_id -> BigInt,
        name -> Text,
        token_hash -> Text,
        prefix -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_events (id) {
        id -> BigInt,
        group_id -> BigInt,
        store_id -> Nullable<BigInt>,
        actor_id -> Nullable<BigInt>,
        actor_name -> Text,
        at -> Timestamp,
        action -> Text,
        entity_type -> Text,
        entity_id -> BigInt,
        changes -> Text,
    }
}

diesel::table! {
    brands (id) {
        id -> BigInt,
        group_id -> BigInt,
        name -> Text,
        name_en -> Nullable<Text>,
        active -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    vehicle_models (id) {
        id -> BigInt,
        group_id -> BigInt,
        brand_id -> BigInt,
        name -> Text,
        body_type -> Nullable<Text>,
        active -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    trims (id) {
        id -> BigInt,
        group_id -> BigInt,
        model_id -> BigInt,
        name -> Text,
        model_year -> Integer,
        msrp_fen -> BigInt,
        floor_price_fen -> Nullable<BigInt>,
        fuel_type -> Text,
        nev_catalogue -> Bool,
        seats -> Integer,
        active -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    colours (id) {
        id -> BigInt,
        group_id -> BigInt,
        model_id -> BigInt,
        kind -> Text,
        name -> Text,
        code -> Nullable<Text>,
        extra_price_fen -> BigInt,
        active -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    catalogue_options (id) {
        id -> BigInt,
        group_id -> BigInt,
        model_id -> BigInt,
        kind -> Text,
        code -> Nullable<Text>,
        name -> Text,
        price_fen -> BigInt,
        active -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    option_trims (option_id, trim_id) {
        option_id -> BigInt,
        trim_id -> BigInt,
    }
}

diesel::table! {
    customers (id) {
        id -> BigInt,
        store_id -> BigInt,
        kind -> Text,
        name -> Text,
        mobile -> Text,
        email -> Nullable<Text>,
        address -> Nullable<Text>,
        id_number_enc -> Nullable<Text>,
        id_number_tail -> Nullable<Text>,
        id_number_hash -> Nullable<Text>,
        credit_code -> Nullable<Text>,
        contact_person -> Nullable<Text>,
        notes -> Nullable<Text>,
        owner_id -> BigInt,
        created_by -> BigInt,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        tags -> Text,
        pref_colour -> Text,
        pref_configuration -> Text,
        pref_contact_time -> Text,
        marketing_consent -> Bool,
        consent_source -> Nullable<Text>,
        consent_at -> Nullable<Timestamp>,
        anonymised_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    customer_value_rules (store_id, tier) {
        store_id -> BigInt,
        tier -> Text,
        min_purchases -> Integer,
        min_spend_fen -> BigInt,
        updated_by -> Nullable<BigInt>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    vat_rates (effective_from) {
        effective_from -> Date,
        rate_bp -> Integer,
    }
}

diesel::table! {
    purchase_tax_rules (effective_from) {
        effective_from -> Date,
        rate_bp -> Integer,
        nev_relief -> Text,
        relief_fen -> Nullable<BigInt>,
        relief_bp -> Nullable<Integer>,
    }
}

diesel::table! {
    order_sequences (store_id, day) {
        store_id -> BigInt,
        day -> Text,
        last_seq -> BigInt,
    }
}

diesel::table! {
    orders (id) {
        id -> BigInt,
        store_id -> BigInt,
        order_no -> Text,
        customer_id -> BigInt,
        owner_id -> BigInt,
        created_by -> BigInt,
        model_id -> BigInt,
        trim_id -> BigInt,
        channel -> Text,
        payment_method -> Text,
        expected_delivery -> Nullable<Date>,
        notes -> Nullable<Text>,
        terms -> Text,
        quote -> Text,
        total_fen -> BigInt,
        discount_fen -> BigInt,
        discount_bp -> Integer,
        gifts_fen -> BigInt,
        stage -> Text,
        approval_level -> Integer,
        approval_levels -> Integer,
        contract_signed -> Bool,
        money_received -> Bool,
        paid_in_full -> Bool,
        vehicle_fact -> Text,
        ready_for_delivery -> Bool,
        delivered -> Bool,
        status -> Text,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    order_items (id) {
        id -> BigInt,
        order_id -> BigInt,
        kind -> Text,
        option_id -> Nullable<BigInt>,
        name -> Text,
        amount_fen -> BigInt,
    }
}

diesel::table! {
    order_events (id) {
        id -> BigInt,
        order_id -> BigInt,
        at -> Timestamp,
        actor_id -> Nullable<BigInt>,
        actor_name -> Text,
        action -> Text,
        from_status -> Nullable<Text>,
        to_status -> Text,
        note -> Nullable<Text>,
    }
}

diesel::table! {
    approval_rules (id) {
        id -> BigInt,
        group_id -> BigInt,
        name -> Text,
        condition -> Text,
        threshold -> BigInt,
        levels -> Text,
        active -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    order_approvals (id) {
        id -> BigInt,
        order_id -> BigInt,
        level -> Integer,
        role -> Text,
        reasons -> Text,
        decided_by -> Nullable<BigInt>,
        decision -> Nullable<Text>,
        comment -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    outbox (id) {
        id -> BigInt,
        store_id -> Nullable<BigInt>,
        channel -> Text,
        recipient -> Text,
        subject -> Text,
        body -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    idempotency_keys (user_id, idem_key) {
        user_id -> BigInt,
        idem_key -> Text,
        order_id -> BigInt,
        created_at -> Timestamp,
        request_hash -> Text,
    }
}

diesel::joinable!(stores -> dealer_groups (group_id));
diesel::joinable!(teams -> stores (store_id));
diesel::joinable!(users -> dealer_groups (group_id));
diesel::joinable!(users -> stores (store_id));
diesel::joinable!(users -> teams (team_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(sessions -> stores (store_id));
diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(audit_events -> dealer_groups (group_id));
diesel::joinable!(audit_events -> stores (store_id));
diesel::joinable!(audit_events -> users (actor_id));
diesel::joinable!(brands -> dealer_groups (group_id));
diesel::joinable!(vehicle_models -> dealer_groups (group_id));
diesel::joinable!(vehicle_models -> brands (brand_id));
diesel::joinable!(trims -> dealer_groups (group_id));
diesel::joinable!(trims -> vehicle_models (model_id));
diesel::joinable!(colours -> dealer_groups (group_id));
diesel::joinable!(colours -> vehicle_models (model_id));
diesel::joinable!(catalogue_options -> dealer_groups (group_id));
diesel::joinable!(catalogue_options -> vehicle_models (model_id));
diesel::joinable!(option_trims -> catalogue_options (option_id));
diesel::joinable!(option_trims -> trims (trim_id));
diesel::joinable!(customers -> stores (store_id));
diesel::joinable!(customers -> users (owner_id));
diesel::joinable!(order_sequences -> stores (store_id));
diesel::joinable!(delivery_bookings -> orders (order_id));
diesel::joinable!(delivery_tasks -> orders (order_id));
diesel::joinable!(order_stages -> orders (order_id));
diesel::joinable!(orders -> stores (store_id));
diesel::joinable!(orders -> customers (customer_id));
diesel::joinable!(orders -> users (owner_id));
diesel::joinable!(orders -> vehicle_models (model_id));
diesel::joinable!(orders -> trims (trim_id));
diesel::joinable!(order_items -> orders (order_id));
diesel::joinable!(order_requesters -> orders (order_id));
diesel::joinable!(order_items -> catalogue_options (option_id));
diesel::joinable!(order_events -> orders (order_id));
diesel::joinable!(order_events -> users (actor_id));
diesel::joinable!(approval_rules -> dealer_groups (group_id));
diesel::joinable!(order_approvals -> orders (order_id));
diesel::joinable!(order_approvals -> users (decided_by));
diesel::joinable!(outbox -> stores (store_id));
diesel::joinable!(idempotency_keys -> users (user_id));
diesel::joinable!(idempotency_keys -> orders (order_id));

diesel::table! {
    order_status_counts (store_id, owner_id, status) {
        store_id -> BigInt,
        owner_id -> BigInt,
        status -> Text,
        orders -> BigInt,
    }
}

diesel::table! {
    contract_templates (store_id) {
        store_id -> BigInt,
        title -> Text,
        seller_name -> Text,
        uscc -> Text,
        address -> Text,
        phone -> Text,
        bank -> Text,
        account -> Text,
        delivery_place -> Text,
        warranty_notice -> Text,
        clauses -> Text,
        mask_id -> Bool,
        version -> BigInt,
        updated_by -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    contracts (id) {
        id -> BigInt,
        order_id -> BigInt,
        store_id -> BigInt,
        version -> Integer,
        contract_no -> Text,
        status -> Text,
        data -> Text,
        pdf -> Binary,
        pdf_sha256 -> Text,
        generated_by -> BigInt,
        generated_at -> Timestamp,
        customer_signature -> Nullable<Binary>,
        customer_evidence -> Nullable<Text>,
        customer_signed_at -> Nullable<Timestamp>,
        seller_signature -> Nullable<Binary>,
        countersigned_by -> Nullable<BigInt>,
        countersigned_at -> Nullable<Timestamp>,
        signed_pdf -> Nullable<Binary>,
        signed_sha256 -> Nullable<Text>,
        superseded_at -> Nullable<Timestamp>,
        version_lock -> BigInt,
    }
}

diesel::table! {
    signing_codes (contract_id) {
        contract_id -> BigInt,
        code_hash -> Text,
        channel -> Text,
        sent_to -> Text,
        expires_at -> Timestamp,
        attempts -> Integer,
        created_at -> Timestamp,
        issued -> Integer,
        issued_since -> Timestamp,
    }
}

diesel::table! {
    signing_contacts (order_id) {
        order_id -> BigInt,
        store_id -> BigInt,
        mobile -> Text,
        email -> Nullable<Text>,
        fixed_at -> Timestamp,
        fixed_by -> Nullable<BigInt>,
        reason -> Text,
    }
}

diesel::table! {
    loan_products (id) {
        id -> BigInt,
        lender -> Text,
        name -> Text,
        max_ltv_bp -> Integer,
        max_months -> Integer,
        active -> Bool,
        version -> BigInt,
    }
}

diesel::table! {
    receipt_sequences (store_id, day) {
        store_id -> BigInt,
        day -> Text,
        last_seq -> BigInt,
    }
}

diesel::table! {
    customer_vehicles (id) {
        id -> BigInt,
        store_id -> BigInt,
        customer_id -> BigInt,
        vin -> Text,
        vin_checked -> Bool,
        plate -> Nullable<Text>,
        description -> Text,
        trim_id -> Nullable<BigInt>,
        origin -> Text,
        vehicle_id -> Nullable<BigInt>,
        registered_on -> Nullable<Date>,
        owned_since -> Date,
        owned_until -> Nullable<Date>,
        mileage_km -> Nullable<BigInt>,
        created_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    pdi_inspections (id) {
        id -> BigInt,
        store_id -> BigInt,
        order_id -> BigInt,
        vehicle_id -> BigInt,
        fuel_type -> Text,
        results -> Text,
        passed -> Bool,
        failed_items -> Integer,
        note -> Text,
        inspected_by -> BigInt,
        inspected_at -> Timestamp,
        inspected_on -> Date,
    }
}

diesel::table! {
    delivery_surveys (id) {
        id -> BigInt,
        store_id -> BigInt,
        order_id -> BigInt,
        advisor_score -> Integer,
        handover_score -> Integer,
        overall_score -> Integer,
        nps -> Integer,
        comment -> Text,
        answered_at -> Timestamp,
    }
}

diesel::table! {
    order_stages (id) {
        id -> BigInt,
        order_id -> BigInt,
        store_id -> BigInt,
        status -> Text,
        entered_at -> Timestamp,
        left_at -> Nullable<Timestamp>,
        reminded_at -> Nullable<Timestamp>,
        escalated_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    stage_limits (store_id, status) {
        store_id -> BigInt,
        status -> Text,
        remind_hours -> Integer,
        escalate_hours -> Integer,
        updated_at -> Timestamp,
        updated_by -> BigInt,
    }
}

diesel::table! {
    notifications (id) {
        id -> BigInt,
        store_id -> BigInt,
        user_id -> BigInt,
        notice -> Text,
        text -> Text,
        link -> Nullable<Text>,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    notice_preferences (user_id, notice) {
        user_id -> BigInt,
        notice -> Text,
        in_app -> Bool,
        email -> Bool,
        sms -> Bool,
    }
}

diesel::table! {
    notice_templates (store_id, notice, locale) {
        store_id -> BigInt,
        notice -> Text,
        locale -> Text,
        subject -> Text,
        body -> Text,
        sms -> Text,
        updated_at -> Timestamp,
        updated_by -> BigInt,
    }
}

diesel::table! {
    pdi_checklist_items (id) {
        id -> BigInt,
        store_id -> BigInt,
        key -> Text,
        section -> Text,
        label -> Nullable<Text>,
        applies -> Text,
        active -> Bool,
        updated_at -> Timestamp,
        updated_by -> BigInt,
    }
}

diesel::table! {
    delivery_tasks (id) {
        id -> BigInt,
        store_id -> BigInt,
        order_id -> BigInt,
        kind -> Text,
        assignee_id -> BigInt,
        due_at -> Timestamp,
        created_at -> Timestamp,
        done_at -> Nullable<Timestamp>,
        done_by -> Nullable<BigInt>,
        outcome -> Nullable<Text>,
    }
}

diesel::table! {
    delivery_hours (store_id) {
        store_id -> BigInt,
        opens_min -> Integer,
        closes_min -> Integer,
        slot_min -> Integer,
        bays -> Integer,
        updated_by -> BigInt,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    delivery_bookings (id) {
        id -> BigInt,
        store_id -> BigInt,
        order_id -> BigInt,
        day -> Date,
        start_min -> Integer,
        bay -> Integer,
        status -> Text,
        booked_by -> Nullable<BigInt>,
        note -> Text,
        created_at -> Timestamp,
        ended_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    pdi_photos (id) {
        id -> BigInt,
        store_id -> BigInt,
        order_id -> BigInt,
        vehicle_id -> BigInt,
        item_key -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
        bytes -> Binary,
        uploaded_by -> BigInt,
        uploaded_at -> Timestamp,
    }
}

diesel::table! {
    handovers (id) {
        id -> BigInt,
        store_id -> BigInt,
        order_id -> BigInt,
        vehicle_id -> BigInt,
        inspection_id -> BigInt,
        invoice_id -> BigInt,
        documents -> Text,
        key_count -> Integer,
        odometer_km -> BigInt,
        signature_png -> Nullable<Binary>,
        signed_by -> Text,
        note -> Text,
        delivered_on -> Date,
        warranty_from -> Date,
        handed_over_by -> BigInt,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    billables (kind, document_id) {
        kind -> Text,
        document_id -> BigInt,
        store_id -> BigInt,
        owner_id -> BigInt,
        customer_id -> BigInt,
        number -> Text,
        amount_fen -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    payments (id) {
        id -> BigInt,
        store_id -> BigInt,
        document_kind -> Text,
        document_id -> BigInt,
        kind -> Text,
        method -> Text,
        amount_fen -> BigInt,
        earnest_fen -> BigInt,
        reference -> Nullable<Text>,
        loan_product_id -> Nullable<BigInt>,
        paid_on -> Date,
        note -> Text,
        status -> Text,
        registered_by -> BigInt,
        registered_at -> Timestamp,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
        rejected_reason -> Nullable<Text>,
        receipt_no -> Nullable<Text>,
        version -> BigInt,
    }
}

diesel::table! {
    refunds (id) {
        id -> BigInt,
        store_id -> BigInt,
        document_kind -> Text,
        document_id -> BigInt,
        kind -> Text,
        amount_fen -> BigInt,
        breach -> Nullable<Text>,
        reason -> Text,
        status -> Text,
        requested_by -> BigInt,
        requested_at -> Timestamp,
        approved_by -> Nullable<BigInt>,
        approved_at -> Nullable<Timestamp>,
        paid_by -> Nullable<BigInt>,
        paid_at -> Nullable<Timestamp>,
        method -> Nullable<Text>,
        reference -> Nullable<Text>,
        rejected_reason -> Nullable<Text>,
        version -> BigInt,
    }
}

diesel::table! {
    change_orders (id) {
        id -> BigInt,
        order_id -> BigInt,
        store_id -> BigInt,
        change_no -> Text,
        status -> Text,
        input -> Text,
        total_before_fen -> BigInt,
        total_after_fen -> BigInt,
        summary -> Text,
        reason -> Text,
        levels -> Text,
        level -> Integer,
        decisions -> Text,
        contract_id -> Nullable<BigInt>,
        requested_by -> BigInt,
        requested_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
        closed_by -> Nullable<BigInt>,
        closed_note -> Nullable<Text>,
        version -> BigInt,
    }
}

diesel::table! {
    invoices (id) {
        id -> BigInt,
        store_id -> BigInt,
        document_kind -> Text,
        document_id -> BigInt,
        vin -> Text,
        engine_no -> Text,
        certificate_no -> Text,
        invoice_code -> Text,
        invoice_no -> Text,
        invoice_date -> Date,
        gross_fen -> BigInt,
        net_fen -> BigInt,
        vat_fen -> BigInt,
        rate_bp -> Integer,
        fields -> Text,
        status -> Text,
        prepared_by -> BigInt,
        prepared_at -> Timestamp,
        reversed_by -> Nullable<BigInt>,
        reversed_at -> Nullable<Timestamp>,
        reversal_reason -> Nullable<Text>,
        version -> BigInt,
    }
}

diesel::table! {
    finance_idempotency (user_id, idem_key) {
        user_id -> BigInt,
        idem_key -> Text,
        kind -> Text,
        record_id -> BigInt,
        request_hash -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(contracts -> orders (order_id));
diesel::joinable!(change_orders -> orders (order_id));
diesel::joinable!(payments -> loan_products (loan_product_id));
diesel::joinable!(customer_vehicles -> customers (customer_id));

diesel::table! {
    locations (id) {
        id -> BigInt,
        store_id -> BigInt,
        name -> Text,
        kind -> Text,
        active -> Bool,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    vehicles (id) {
        id -> BigInt,
        group_id -> BigInt,
        store_id -> BigInt,
        vin -> Text,
        vin_reversed -> Text,
        vin_checked -> Bool,
        engine_no -> Nullable<Text>,
        certificate_no -> Nullable<Text>,
        custody -> Text,
        trim_id -> BigInt,
        exterior_colour_id -> BigInt,
        interior_colour_id -> Nullable<BigInt>,
        production_date -> Nullable<Date>,
        cost_fen -> Nullable<BigInt>,
        list_price_fen -> BigInt,
        whereabouts -> Text,
        commitment -> Text,
        order_id -> Nullable<BigInt>,
        usage -> Text,
        location_id -> Nullable<BigInt>,
        first_received_on -> Nullable<Date>,
        store_received_on -> Nullable<Date>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        factory_order_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    factory_orders (id) {
        id -> BigInt,
        group_id -> BigInt,
        store_id -> BigInt,
        trim_id -> BigInt,
        exterior_colour_id -> BigInt,
        interior_colour_id -> Nullable<BigInt>,
        quantity -> Integer,
        expected_on -> Nullable<Date>,
        status -> Text,
        note -> Text,
        created_by -> Nullable<BigInt>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        store_day -> Date,
    }
}

diesel::table! {
    factory_order_links (factory_order_id, order_id) {
        factory_order_id -> BigInt,
        order_id -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    shipments (id) {
        id -> BigInt,
        group_id -> BigInt,
        store_id -> BigInt,
        from_store_id -> Nullable<BigInt>,
        carrier -> Text,
        tracking_no -> Text,
        status -> Text,
        eta -> Nullable<Date>,
        shipped_at -> Timestamp,
        arrived_at -> Nullable<Timestamp>,
        received_at -> Nullable<Timestamp>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        store_day -> Date,
    }
}

diesel::table! {
    shipment_vehicles (shipment_id, vehicle_id) {
        shipment_id -> BigInt,
        vehicle_id -> BigInt,
        received_at -> Nullable<Timestamp>,
        received_by -> Nullable<BigInt>,
        location_id -> Nullable<BigInt>,
        inspection -> Nullable<Text>,
        inspection_note -> Text,
    }
}

diesel::table! {
    stock_thresholds (id) {
        id -> BigInt,
        store_id -> BigInt,
        model_id -> Nullable<BigInt>,
        trim_id -> Nullable<BigInt>,
        low_count -> Nullable<BigInt>,
        high_count -> Nullable<BigInt>,
        level -> Text,
        level_since -> Nullable<Timestamp>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    stock_alerts (id) {
        id -> BigInt,
        store_id -> BigInt,
        threshold_id -> BigInt,
        level -> Text,
        stock_count -> BigInt,
        raised_at -> Timestamp,
    }
}

diesel::table! {
    transfers (id) {
        id -> BigInt,
        group_id -> BigInt,
        from_store_id -> BigInt,
        to_store_id -> BigInt,
        status -> Text,
        reason -> Text,
        requested_by -> BigInt,
        decided_by -> Nullable<BigInt>,
        decision_note -> Text,
        shipment_id -> Nullable<BigInt>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        store_day -> Date,
    }
}

diesel::table! {
    transfer_vehicles (transfer_id, vehicle_id) {
        transfer_id -> BigInt,
        vehicle_id -> BigInt,
    }
}

diesel::table! {
    shipment_events (id) {
        id -> BigInt,
        shipment_id -> BigInt,
        at -> Timestamp,
        actor_id -> Nullable<BigInt>,
        status -> Text,
        eta -> Nullable<Date>,
        note -> Text,
    }
}

diesel::table! {
    vehicle_events (id) {
        id -> BigInt,
        vehicle_id -> BigInt,
        at -> Timestamp,
        actor_id -> Nullable<BigInt>,
        action -> Text,
        status -> Text,
        order_id -> Nullable<BigInt>,
        note -> Text,
    }
}

diesel::joinable!(locations -> stores (store_id));
diesel::joinable!(vehicles -> trims (trim_id));
diesel::joinable!(vehicles -> locations (location_id));
diesel::joinable!(vehicle_events -> vehicles (vehicle_id));
diesel::joinable!(vehicles -> factory_orders (factory_order_id));
diesel::joinable!(factory_order_links -> factory_orders (factory_order_id));
diesel::joinable!(shipment_vehicles -> shipments (shipment_id));
diesel::joinable!(shipment_vehicles -> vehicles (vehicle_id));
diesel::joinable!(shipment_events -> shipments (shipment_id));
diesel::joinable!(transfer_vehicles -> transfers (transfer_id));
diesel::joinable!(stock_alerts -> stock_thresholds (threshold_id));
diesel::joinable!(transfer_vehicles -> vehicles (vehicle_id));

diesel::table! {
    lead_cadences (store_id, tier) {
        store_id -> BigInt,
        tier -> Text,
        days -> Integer,
        updated_by -> Nullable<BigInt>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    lead_duty (user_id) {
        user_id -> BigInt,
        store_id -> BigInt,
        on_duty -> Bool,
        last_assigned_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    leads (id) {
        id -> BigInt,
        store_id -> BigInt,
        customer_id -> BigInt,
        owner_id -> BigInt,
        channel -> Text,
        stage -> Text,
        tier -> Text,
        budget_fen -> Nullable<BigInt>,
        timeframe -> Text,
        payment_intention -> Text,
        trade_in_brand -> Text,
        trade_in_model -> Text,
        trade_in_year -> Nullable<Integer>,
        trade_in_mileage_km -> Nullable<Integer>,
        notes -> Text,
        external_ref -> Nullable<Text>,
        next_follow_up_on -> Nullable<Date>,
        last_contact_at -> Nullable<Timestamp>,
        lost_reason -> Nullable<Text>,
        lost_competitor -> Text,
        lost_note -> Text,
        lost_requested_by -> Nullable<BigInt>,
        lost_requested_at -> Nullable<Timestamp>,
        lost_decided_by -> Nullable<BigInt>,
        order_id -> Nullable<BigInt>,
        created_by -> BigInt,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    lead_models (lead_id, model_id) {
        lead_id -> BigInt,
        model_id -> BigInt,
    }
}

diesel::table! {
    follow_ups (id) {
        id -> BigInt,
        lead_id -> BigInt,
        store_id -> BigInt,
        owner_id -> BigInt,
        due_on -> Date,
        done_at -> Nullable<Timestamp>,
        kind -> Nullable<Text>,
        outcome -> Nullable<Text>,
        note -> Text,
        next_step -> Text,
        created_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    follow_up_digests (store_id, day) {
        store_id -> BigInt,
        day -> Date,
        sent_at -> Timestamp,
        mails -> Integer,
    }
}

diesel::table! {
    test_drives (id) {
        id -> BigInt,
        store_id -> BigInt,
        lead_id -> BigInt,
        customer_id -> BigInt,
        vehicle_id -> BigInt,
        owner_id -> BigInt,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        licence_enc -> Text,
        licence_tail -> Text,
        licence_expires_on -> Date,
        status -> Text,
        out_at -> Nullable<Timestamp>,
        out_km -> Nullable<Integer>,
        returned_at -> Nullable<Timestamp>,
        return_km -> Nullable<Integer>,
        verdict -> Nullable<Text>,
        impression -> Text,
        cancel_reason -> Text,
        created_by -> BigInt,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(test_drives -> vehicles (vehicle_id));
diesel::joinable!(test_drives -> leads (lead_id));
diesel::joinable!(leads -> customers (customer_id));
diesel::joinable!(leads -> users (owner_id));
diesel::joinable!(lead_models -> leads (lead_id));
diesel::joinable!(lead_models -> vehicle_models (model_id));
diesel::joinable!(follow_ups -> leads (lead_id));

diesel::table! {
    service_settings (store_id) {
        store_id -> BigInt,
        labour_rate_fen -> BigInt,
        updated_by -> BigInt,
        updated_at -> Timestamp,
        bays -> Integer,
    }
}

diesel::table! {
    appointments (id) {
        id -> BigInt,
        store_id -> BigInt,
        customer_id -> BigInt,
        customer_vehicle_id -> BigInt,
        advisor_id -> BigInt,
        day -> Date,
        starts_at -> Text,
        bay -> Integer,
        requested_work -> Text,
        hours_x100 -> Integer,
        mileage_km -> Nullable<BigInt>,
        status -> Text,
        source -> Text,
        repair_order_id -> Nullable<BigInt>,
        cancel_reason -> Text,
        reminded_at -> Nullable<Timestamp>,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    repair_order_numbers (store_id, day) {
        store_id -> BigInt,
        day -> Text,
        last_seq -> BigInt,
    }
}

diesel::table! {
    repair_orders (id) {
        id -> BigInt,
        store_id -> BigInt,
        number -> Text,
        customer_id -> BigInt,
        customer_vehicle_id -> BigInt,
        vin -> Text,
        plate -> Nullable<Text>,
        owner_id -> BigInt,
        status -> Text,
        mileage_km -> BigInt,
        fuel_percent -> Integer,
        complaints -> Text,
        walkaround -> Text,
        warranty_from -> Nullable<Date>,
        km_at_start -> BigInt,
        promised_at -> Nullable<Timestamp>,
        received_on -> Date,
        received_at -> Timestamp,
        approved_via -> Nullable<Text>,
        approved_total_fen -> BigInt,
        qc_by -> Nullable<BigInt>,
        qc_at -> Nullable<Timestamp>,
        qc_note -> Text,
        settled_on -> Nullable<Date>,
        closed_on -> Nullable<Date>,
        paid -> Bool,
        total_fen -> BigInt,
        customer_fen -> BigInt,
        cancel_reason -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    repair_jobs (id) {
        id -> BigInt,
        repair_order_id -> BigInt,
        store_id -> BigInt,
        name -> Text,
        system -> Text,
        fault -> Text,
        hours_x100 -> Integer,
        rate_fen -> BigInt,
        amount_fen -> BigInt,
        payer -> Text,
        approved -> Bool,
        status -> Text,
        technician_id -> Nullable<BigInt>,
        clocked_x100 -> Integer,
        started_at -> Nullable<Timestamp>,
        finished_at -> Nullable<Timestamp>,
        rework_note -> Text,
        created_by -> BigInt,
        created_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    repair_parts (id) {
        id -> BigInt,
        repair_order_id -> BigInt,
        part_no -> Text,
        name -> Text,
        system -> Text,
        quantity -> Integer,
        unit_price_fen -> BigInt,
        amount_fen -> BigInt,
        payer -> Text,
        approved -> Bool,
        created_by -> BigInt,
        created_at -> Timestamp,
        issued -> Integer,
    }
}

diesel::table! {
    parts (id) {
        id -> BigInt,
        group_id -> BigInt,
        part_no -> Text,
        name -> Text,
        system -> Text,
        list_price_fen -> BigInt,
        cost_fen -> BigInt,
        fits -> Text,
        superseded_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    part_stock (id) {
        id -> BigInt,
        store_id -> BigInt,
        part_id -> BigInt,
        warehouse -> Text,
        bin -> Text,
        on_hand -> Integer,
        reorder_point -> Integer,
        reorder_qty -> Integer,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    part_purchase_numbers (store_id, day) {
        store_id -> BigInt,
        day -> Text,
        last_seq -> BigInt,
    }
}

diesel::table! {
    purchase_orders (id) {
        id -> BigInt,
        store_id -> BigInt,
        number -> Text,
        supplier -> Text,
        status -> Text,
        note -> Text,
        total_fen -> BigInt,
        created_by -> BigInt,
        created_at -> Timestamp,
        ordered_at -> Nullable<Timestamp>,
        received_at -> Nullable<Timestamp>,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    purchase_order_lines (id) {
        id -> BigInt,
        purchase_order_id -> BigInt,
        part_id -> BigInt,
        warehouse -> Text,
        quantity -> Integer,
        received -> Integer,
        unit_cost_fen -> BigInt,
    }
}

diesel::table! {
    part_requests (id) {
        id -> BigInt,
        store_id -> BigInt,
        repair_order_id -> BigInt,
        repair_part_id -> BigInt,
        part_id -> BigInt,
        quantity -> Integer,
        status -> Text,
        warehouse -> Nullable<Text>,
        issued_by -> Nullable<BigInt>,
        issued_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    part_movements (id) {
        id -> BigInt,
        store_id -> BigInt,
        part_id -> BigInt,
        warehouse -> Text,
        kind -> Text,
        quantity -> Integer,
        balance -> Integer,
        repair_order_id -> Nullable<BigInt>,
        purchase_order_id -> Nullable<BigInt>,
        note -> Text,
        user_id -> BigInt,
        at -> Timestamp,
    }
}

diesel::table! {
    repair_events (id) {
        id -> BigInt,
        repair_order_id -> BigInt,
        step -> Text,
        note -> Text,
        user_id -> Nullable<BigInt>,
        at -> Timestamp,
    }
}

diesel::table! {
    campaigns (id) {
        id -> BigInt,
        group_id -> BigInt,
        kind -> Text,
        code -> Text,
        title -> Text,
        remedy -> Text,
        starts_on -> Date,
        status -> Text,
        vin_count -> BigInt,
        range_count -> BigInt,
        matched_through -> BigInt,
        created_by -> BigInt,
        created_at -> Timestamp,
        closed_at -> Nullable<Timestamp>,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    campaign_vins (campaign_id, vin) {
        campaign_id -> BigInt,
        vin -> Text,
    }
}

diesel::table! {
    campaign_ranges (id) {
        id -> BigInt,
        campaign_id -> BigInt,
        prefix -> Text,
        serial_from -> Text,
        serial_to -> Text,
    }
}

diesel::table! {
    campaign_vehicles (id) {
        id -> BigInt,
        campaign_id -> BigInt,
        store_id -> BigInt,
        customer_vehicle_id -> BigInt,
        customer_id -> BigInt,
        vin -> Text,
        notified_at -> Nullable<Timestamp>,
        done_at -> Nullable<Timestamp>,
        repair_order_id -> Nullable<BigInt>,
        done_by -> Nullable<BigInt>,
        created_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    service_intervals (model_id) {
        model_id -> BigInt,
        first_months -> Integer,
        first_km -> BigInt,
        periodic_months -> Integer,
        periodic_km -> BigInt,
        updated_by -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    loans (id) {
        id -> BigInt,
        store_id -> BigInt,
        repair_order_id -> BigInt,
        customer_id -> BigInt,
        vehicle_id -> BigInt,
        driver_name -> Text,
        licence_enc -> Text,
        licence_tail -> Text,
        licence_expires_on -> Date,
        status -> Text,
        out_at -> Timestamp,
        out_km -> BigInt,
        out_fuel -> Integer,
        due_on -> Date,
        returned_at -> Nullable<Timestamp>,
        return_km -> Nullable<BigInt>,
        return_fuel -> Nullable<Integer>,
        return_note -> Text,
        lent_by -> BigInt,
        returned_by -> Nullable<BigInt>,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    public_days (day) {
        day -> Date,
        kind -> Text,
        name -> Text,
    }
}

diesel::table! {
    callbacks (id) {
        id -> BigInt,
        store_id -> BigInt,
        kind -> Text,
        customer_id -> BigInt,
        customer_vehicle_id -> Nullable<BigInt>,
        repair_order_id -> Nullable<BigInt>,
        order_id -> Nullable<BigInt>,
        subject -> Text,
        owner_id -> BigInt,
        due_on -> Date,
        status -> Text,
        attempts -> Integer,
        score -> Nullable<Integer>,
        comment -> Text,
        complaint_id -> Nullable<BigInt>,
        called_by -> Nullable<BigInt>,
        called_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    complaint_numbers (store_id, day) {
        store_id -> BigInt,
        day -> Text,
        last_seq -> BigInt,
    }
}

diesel::table! {
    complaints (id) {
        id -> BigInt,
        store_id -> BigInt,
        number -> Text,
        customer_id -> BigInt,
        source -> Text,
        category -> Text,
        severity -> Text,
        description -> Text,
        owner_id -> BigInt,
        opened_on -> Date,
        due_on -> Date,
        status -> Text,
        escalated_at -> Nullable<Timestamp>,
        resolution -> Text,
        resolved_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        repair_order_id -> Nullable<BigInt>,
        order_id -> Nullable<BigInt>,
        callback_id -> Nullable<BigInt>,
        created_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    complaint_events (id) {
        id -> BigInt,
        complaint_id -> BigInt,
        step -> Text,
        note -> Text,
        by_id -> Nullable<BigInt>,
        at -> Timestamp,
    }
}

diesel::table! {
    reminders (id) {
        id -> BigInt,
        store_id -> BigInt,
        customer_id -> BigInt,
        customer_vehicle_id -> BigInt,
        kind -> Text,
        due_on -> Date,
        status -> Text,
        note -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(repair_orders -> customers (customer_id));
diesel::joinable!(repair_orders -> customer_vehicles (customer_vehicle_id));
diesel::joinable!(repair_jobs -> repair_orders (repair_order_id));
diesel::joinable!(repair_parts -> repair_orders (repair_order_id));
diesel::joinable!(repair_events -> repair_orders (repair_order_id));
diesel::joinable!(part_stock -> parts (part_id));
diesel::joinable!(appointments -> customers (customer_id));
diesel::joinable!(appointments -> customer_vehicles (customer_vehicle_id));
diesel::joinable!(purchase_order_lines -> parts (part_id));
diesel::joinable!(purchase_order_lines -> purchase_orders (purchase_order_id));
diesel::joinable!(part_requests -> parts (part_id));
diesel::joinable!(part_requests -> repair_orders (repair_order_id));
diesel::joinable!(part_movements -> parts (part_id));
diesel::joinable!(callbacks -> customers (customer_id));
diesel::joinable!(reminders -> customers (customer_id));
diesel::joinable!(reminders -> customer_vehicles (customer_vehicle_id));
diesel::joinable!(complaints -> customers (customer_id));
diesel::joinable!(complaint_events -> complaints (complaint_id));
diesel::joinable!(campaign_vins -> campaigns (campaign_id));
diesel::joinable!(campaign_ranges -> campaigns (campaign_id));
diesel::joinable!(campaign_vehicles -> campaigns (campaign_id));
diesel::joinable!(campaign_vehicles -> customers (customer_id));
diesel::joinable!(campaign_vehicles -> customer_vehicles (customer_vehicle_id));
diesel::joinable!(loans -> repair_orders (repair_order_id));
diesel::joinable!(loans -> vehicles (vehicle_id));
diesel::joinable!(loans -> customers (customer_id));

diesel::allow_tables_to_appear_in_same_query!(
    service_intervals,
    campaigns,
    campaign_vins,
    campaign_ranges,
    campaign_vehicles,
    loans,
    public_days,
    reminders,
    callbacks,
    complaint_numbers,
    complaints,
    complaint_events,
    service_settings,
    appointments,
    repair_order_numbers,
    repair_orders,
    repair_jobs,
    repair_parts,
    repair_events,
    parts,
    part_stock,
    part_purchase_numbers,
    purchase_orders,
    purchase_order_lines,
    part_requests,
    part_movements,
    customer_vehicles,
    delivery_bookings,
    delivery_hours,
    delivery_surveys,
    delivery_tasks,
    pdi_checklist_items,
    order_stages,
    stage_limits,
    notifications,
    notice_preferences,
    notice_templates,
    handovers,
    pdi_photos,
    pdi_inspections,
    billables,
    test_drives,
    follow_up_digests,
    lead_cadences,
    lead_duty,
    leads,
    lead_models,
    follow_ups,
    stock_thresholds,
    stock_alerts,
    transfers,
    transfer_vehicles,
    factory_orders,
    factory_order_links,
    shipments,
    shipment_vehicles,
    shipment_events,
    order_status_counts,
    dealer_groups,
    stores,
    teams,
    users,
    sessions,
    login_failures,
    api_tokens,
    audit_events,
    brands,
    vehicle_models,
    trims,
    colours,
    catalogue_options,
    option_trims,
    customers,
    customer_value_rules,
    vat_rates,
    purchase_tax_rules,
    order_sequences,
    orders,
    order_items,
    order_requesters,
    order_events,
    approval_rules,
    order_approvals,
    outbox,
    idempotency_keys,
    contract_templates,
    contracts,
    signing_codes,
    signing_contacts,
    loan_products,
    receipt_sequences,
    payments,
    refunds,
    change_orders,
    invoices,
    finance_idempotency,
    locations,
    vehicles,
    vehicle_events,
);
