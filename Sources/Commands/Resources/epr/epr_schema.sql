-- EPR target model: the 38 tables the migration loads, in dependency order (each table references only itself
-- and tables above it), so the file runs top to bottom in one transaction: psql -1 -v ON_ERROR_STOP=1 -f ...
--
-- Dialect: PostgreSQL 15. The product reads this file with its own parser (Sources/Commands/Schema/DDLParser.swift),
-- which understands exactly this subset and rejects anything else with a line number:
--   CREATE TABLE name ( column type [NOT NULL] [PRIMARY KEY] [REFERENCES t (c)] [CHECK (...)], ... );
--   types text, varchar(n), char(n), integer, bigint, date, timestamp, boolean, numeric(p, s);
--   table-level PRIMARY KEY (c, ...) and FOREIGN KEY (c) REFERENCES t (c);
--   CHECK (c IN ('v', ...)) and CHECK (c ~ 'regex').
-- A "-- codeset: NAME" comment on a column's lines names the NHS code set (shared/reference/nhs-code-sets.csv)
-- whose values the CHECK lists. Only active codes are listed: retired and superseded codes (admission method 28,
-- discharge method 2, main specialties marked "Retired") must be rejected by the migration, and the database
-- refuses them as a second line of defence. CHECK lists without a codeset comment are local EPR vocabularies.
--
-- Keys are surrogate text ids minted by the ETL. Where a row came from (source system, table and key, run id) is
-- kept once, in migration_xref, rather than in every clinical table.

-- Reference: organisations, sites, places, staff, services, code systems --------------------------------------

CREATE TABLE organisation (
    organisation_id text PRIMARY KEY,
    ods_code varchar(10) NOT NULL,
    name text NOT NULL,
    organisation_type varchar(30) NOT NULL CHECK (organisation_type IN (
        'nhs_trust', 'gp_practice', 'integrated_care_board', 'independent_provider', 'local_authority', 'other'
    )),
    parent_organisation_id text REFERENCES organisation (organisation_id),
    postcode varchar(8),
    active boolean NOT NULL
);

CREATE TABLE site (
    site_id text PRIMARY KEY,
    organisation_id text NOT NULL REFERENCES organisation (organisation_id),
    site_code varchar(10) NOT NULL,
    name text NOT NULL,
    address_line_1 text,
    town text,
    postcode varchar(8),
    active boolean NOT NULL
);

CREATE TABLE location (
    location_id text PRIMARY KEY,
    site_id text NOT NULL REFERENCES site (site_id),
    parent_location_id text REFERENCES location (location_id),
    location_code varchar(20) NOT NULL,
    name text NOT NULL,
    location_type varchar(20) NOT NULL CHECK (location_type IN (
        'ward', 'bay', 'bed', 'clinic_room', 'theatre', 'critical_care_unit', 'department'
    )),
    bed_count integer,
    active boolean NOT NULL
);

CREATE TABLE care_professional (
    care_professional_id text PRIMARY KEY,
    registration_body varchar(5) CHECK (registration_body IN ('GMC', 'NMC', 'HCPC', 'GDC', 'GPHC')),
    registration_number varchar(20),
    title varchar(20),
    given_name text,
    family_name text NOT NULL,
    main_specialty_code char(3) CHECK (main_specialty_code IN (
        '100', '101', '107', '110', '120', '130', '140', '141', '142', '143', '145', '146', '147', '148', '149',
        '150', '160', '170', '171', '180', '190', '192', '200', '300', '301', '302', '303', '304', '305', '310',
        '311', '313', '314', '315', '317', '320', '321', '325', '326', '330', '340', '350', '352', '360', '361',
        '370', '371', '400', '401', '410', '420', '421', '430', '450', '451', '460', '500', '501', '502', '504',
        '560', '600', '601', '700', '710', '711', '712', '713', '715', '800', '810', '820', '821', '822', '823',
        '824', '830', '831', '833', '834', '900', '901', '902', '903', '904', '950', '960'
    )), -- codeset: MAIN_SPECIALTY_CODE
    active boolean NOT NULL
);

CREATE TABLE care_professional_role (
    care_professional_role_id text PRIMARY KEY,
    care_professional_id text NOT NULL REFERENCES care_professional (care_professional_id),
    organisation_id text NOT NULL REFERENCES organisation (organisation_id),
    role_code varchar(30) NOT NULL CHECK (role_code IN (
        'consultant', 'specialty_doctor', 'resident_doctor', 'nurse', 'midwife', 'allied_health_professional',
        'general_practitioner', 'administrator'
    )),
    start_date date NOT NULL,
    end_date date
);

CREATE TABLE service (
    service_id text PRIMARY KEY,
    organisation_id text NOT NULL REFERENCES organisation (organisation_id),
    site_id text REFERENCES site (site_id),
    service_code varchar(20) NOT NULL,
    name text NOT NULL,
    treatment_function_code char(3) NOT NULL CHECK (treatment_function_code IN (
        '100', '101', '102', '103', '104', '107', '110', '120', '130', '140', '150', '160', '170', '300', '301',
        '302', '303', '320', '326', '328', '330', '340', '361', '370', '400', '410', '420', '430', '501', '502',
        '560', '650', '710', '800', '812'
    )), -- codeset: TREATMENT_FUNCTION_CODE_SUBSET
    lead_care_professional_id text REFERENCES care_professional (care_professional_id),
    active boolean NOT NULL
);

CREATE TABLE code_system (
    code_system_id text PRIMARY KEY,
    name varchar(80) NOT NULL,
    uri text,
    version varchar(40),
    publisher text
);

CREATE TABLE code_value (
    code_value_id text PRIMARY KEY,
    code_system_id text NOT NULL REFERENCES code_system (code_system_id),
    code varchar(20) NOT NULL,
    display text NOT NULL,
    active boolean NOT NULL,
    effective_from date,
    effective_to date
);

-- The patient and what is recorded about them ------------------------------------------------------------------

CREATE TABLE patient (
    patient_id text PRIMARY KEY,
    -- Nullable: overseas visitors and unidentified patients may have no NHS number yet; the status says why. The
    -- pattern also refuses the placeholder 0000000000, which passes the checksum but is never a real number.
    nhs_number char(10) CHECK (nhs_number ~ '^(?!0000000000)[0-9]{10}$'),
    nhs_number_status_indicator char(2) NOT NULL CHECK (nhs_number_status_indicator IN (
        '01', '02', '03', '04', '05', '06', '07', '08'
    )), -- codeset: NHS_NUMBER_STATUS_INDICATOR
    local_patient_identifier varchar(20) NOT NULL,
    birth_date date NOT NULL,
    death_date date,
    administrative_gender varchar(7) NOT NULL CHECK (administrative_gender IN (
        'male', 'female', 'other', 'unknown'
    )), -- codeset: FHIR_ADMINISTRATIVE_GENDER
    stated_gender_code char(1) NOT NULL CHECK (stated_gender_code IN (
        '1', '2', '9', 'X'
    )), -- codeset: PERSON_STATED_GENDER_CODE
    phenotypic_sex_code char(1) CHECK (phenotypic_sex_code IN ('1', '2', '9')), -- codeset: PERSON_PHENOTYPIC_SEX
    gender_identity_code char(1) CHECK (gender_identity_code IN (
        '1', '2', '3', '4', 'Z', 'X'
    )), -- codeset: GENDER_IDENTITY_CODE
    ethnic_category varchar(2) CHECK (ethnic_category IN (
        'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'R', 'S', 'Z', '99'
    )), -- codeset: ETHNIC_CATEGORY_2001
    marital_status char(1) CHECK (marital_status IN (
        'S', 'M', 'D', 'W', 'P', 'N', '8', '9'
    )), -- codeset: PERSON_MARITAL_STATUS
    preferred_language varchar(10),
    interpreter_required boolean,
    sensitive_record boolean NOT NULL
);

CREATE TABLE patient_identifier (
    patient_identifier_id text PRIMARY KEY,
    patient_id text NOT NULL REFERENCES patient (patient_id),
    identifier_type varchar(20) NOT NULL CHECK (identifier_type IN (
        'nhs_number', 'local_mrn', 'legacy_pas_number', 'chi_number', 'hsc_number', 'other'
    )),
    identifier_value varchar(40) NOT NULL,
    assigning_organisation_id text REFERENCES organisation (organisation_id),
    valid_from date,
    valid_to date
);

CREATE TABLE patient_name (
    patient_name_id text PRIMARY KEY,
    patient_id text NOT NULL REFERENCES patient (patient_id),
    name_use varchar(10) NOT NULL CHECK (name_use IN ('usual', 'official', 'nickname', 'maiden', 'old', 'temp')),
    prefix varchar(20),
    given_name text,
    middle_names text,
    family_name text NOT NULL,
    suffix varchar(20),
    valid_from date,
    valid_to date
);

CREATE TABLE patient_address (
    patient_address_id text PRIMARY KEY,
    patient_id text NOT NULL REFERENCES patient (patient_id),
    address_use varchar(10) NOT NULL CHECK (address_use IN ('home', 'work', 'temp', 'old', 'billing')),
    line_1 text NOT NULL,
    line_2 text,
    line_3 text,
    town text,
    county text,
    postcode varchar(8),
    valid_from date,
    valid_to date
);

CREATE TABLE patient_telecom (
    patient_telecom_id text PRIMARY KEY,
    patient_id text NOT NULL REFERENCES patient (patient_id),
    telecom_system varchar(10) NOT NULL CHECK (telecom_system IN ('phone', 'email', 'sms', 'fax', 'other')),
    telecom_value text NOT NULL,
    telecom_use varchar(10) CHECK (telecom_use IN ('home', 'work', 'mobile', 'temp', 'old')),
    preference_rank integer
);

CREATE TABLE patient_gp_registration (
    patient_gp_registration_id text PRIMARY KEY,
    patient_id text NOT NULL REFERENCES patient (patient_id),
    gp_practice_organisation_id text NOT NULL REFERENCES organisation (organisation_id),
    gp_care_professional_id text REFERENCES care_professional (care_professional_id),
    registration_start_date date NOT NULL,
    registration_end_date date
);

CREATE TABLE patient_related_person (
    patient_related_person_id text PRIMARY KEY,
    patient_id text NOT NULL REFERENCES patient (patient_id),
    relationship_type varchar(20) NOT NULL CHECK (relationship_type IN (
        'spouse_partner', 'parent', 'child', 'sibling', 'guardian', 'carer', 'friend', 'other'
    )),
    next_of_kin boolean NOT NULL,
    emergency_contact boolean NOT NULL,
    given_name text,
    family_name text NOT NULL,
    phone varchar(30),
    address text
);

CREATE TABLE patient_alert (
    patient_alert_id text PRIMARY KEY,
    patient_id text NOT NULL REFERENCES patient (patient_id),
    alert_category varchar(20) NOT NULL CHECK (alert_category IN (
        'clinical', 'safeguarding', 'infection_control', 'behavioural', 'administrative'
    )),
    alert_text text NOT NULL,
    severity varchar(6) NOT NULL CHECK (severity IN ('high', 'medium', 'low')),
    start_date date NOT NULL,
    end_date date,
    recorded_by_care_professional_id text REFERENCES care_professional (care_professional_id)
);

CREATE TABLE patient_allergy (
    patient_allergy_id text PRIMARY KEY,
    patient_id text NOT NULL REFERENCES patient (patient_id),
    substance_description text NOT NULL,
    substance_snomed_code varchar(18),
    reaction_description text,
    allergy_category varchar(12) CHECK (allergy_category IN ('food', 'medication', 'environment', 'biologic')),
    criticality varchar(16) NOT NULL CHECK (criticality IN ('low', 'high', 'unable-to-assess')),
    verification_status varchar(16) NOT NULL CHECK (verification_status IN (
        'unconfirmed', 'confirmed', 'refuted', 'entered-in-error'
    )),
    onset_date date,
    recorded_date date NOT NULL,
    recorded_by_care_professional_id text REFERENCES care_professional (care_professional_id)
);

CREATE TABLE patient_link (
    patient_link_id text,
    patient_id text NOT NULL,
    other_patient_id text NOT NULL,
    link_type varchar(12) NOT NULL CHECK (link_type IN ('replaced-by', 'replaces', 'refer', 'seealso')),
    linked_date date NOT NULL,
    reason text,
    PRIMARY KEY (patient_link_id),
    FOREIGN KEY (patient_id) REFERENCES patient (patient_id),
    FOREIGN KEY (other_patient_id) REFERENCES patient (patient_id)
);

CREATE TABLE patient_consent_preference (
    patient_consent_preference_id text PRIMARY KEY,
    patient_id text NOT NULL REFERENCES patient (patient_id),
    consent_type varchar(30) NOT NULL CHECK (consent_type IN (
        'national_data_opt_out', 'summary_care_record', 'research_contact', 'sms_reminders', 'email_correspondence',
        'information_sharing'
    )),
    preference varchar(6) NOT NULL CHECK (preference IN ('permit', 'deny')),
    recorded_date date NOT NULL,
    expiry_date date
);

-- Referral to treatment and waiting lists ----------------------------------------------------------------------

CREATE TABLE referral (
    referral_id text PRIMARY KEY,
    patient_id text NOT NULL REFERENCES patient (patient_id),
    service_id text NOT NULL REFERENCES service (service_id),
    ubrn varchar(12),
    referral_request_date date,
    referral_received_date date NOT NULL,
    source_of_referral char(2) NOT NULL CHECK (source_of_referral IN (
        '01', '02', '10', '11', '03', '92', '12', '04', '05', '06', '07', '13', '14', '15', '16', '17', '93', '97'
    )), -- codeset: SOURCE_OF_REFERRAL_FOR_OUT_PATIENTS
    priority_type char(1) NOT NULL CHECK (priority_type IN ('1', '2', '3')), -- codeset: SERVICE_REQUEST_PRIORITY_TYPE
    referring_organisation_id text REFERENCES organisation (organisation_id),
    referring_care_professional_id text REFERENCES care_professional (care_professional_id),
    referral_reason text,
    referral_status varchar(10) NOT NULL CHECK (referral_status IN (
        'active', 'accepted', 'rejected', 'completed', 'cancelled'
    )),
    closed_date date
);

CREATE TABLE rtt_pathway (
    rtt_pathway_id text PRIMARY KEY,
    patient_id text NOT NULL REFERENCES patient (patient_id),
    referral_id text NOT NULL REFERENCES referral (referral_id),
    patient_pathway_identifier varchar(20) NOT NULL,
    pathway_issuer_organisation_id text REFERENCES organisation (organisation_id),
    clock_start_date date NOT NULL,
    clock_stop_date date,
    pathway_status varchar(10) NOT NULL CHECK (pathway_status IN ('open', 'paused', 'stopped'))
);

CREATE TABLE rtt_period_event (
    rtt_period_event_id text PRIMARY KEY,
    rtt_pathway_id text NOT NULL REFERENCES rtt_pathway (rtt_pathway_id),
    event_date date NOT NULL,
    event_type varchar(15) NOT NULL CHECK (event_type IN (
        'clock_start', 'clock_pause', 'clock_restart', 'clock_stop', 'activity'
    )),
    -- The RTT period status code (10, 30, ...) as recorded; its code set is not in the reference yet, so no CHECK.
    rtt_status_code char(2),
    care_professional_id text REFERENCES care_professional (care_professional_id),
    note text
);

CREATE TABLE waiting_list_entry (
    waiting_list_entry_id text PRIMARY KEY,
    patient_id text NOT NULL REFERENCES patient (patient_id),
    referral_id text REFERENCES referral (referral_id),
    rtt_pathway_id text REFERENCES rtt_pathway (rtt_pathway_id),
    service_id text NOT NULL REFERENCES service (service_id),
    consultant_care_professional_id text NOT NULL REFERENCES care_professional (care_professional_id),
    waiting_list_type varchar(10) NOT NULL CHECK (waiting_list_type IN (
        'inpatient', 'daycase', 'outpatient', 'planned'
    )),
    priority_type char(1) NOT NULL CHECK (priority_type IN ('1', '2', '3')), -- codeset: PRIORITY_TYPE
    intended_procedure text,
    decision_to_admit_date date NOT NULL,
    entry_status varchar(10) NOT NULL CHECK (entry_status IN ('waiting', 'suspended', 'admitted', 'removed')),
    removal_date date
);

CREATE TABLE waiting_list_suspension (
    waiting_list_suspension_id text PRIMARY KEY,
    waiting_list_entry_id text NOT NULL REFERENCES waiting_list_entry (waiting_list_entry_id),
    suspension_start_date date NOT NULL,
    suspension_end_date date,
    suspension_reason varchar(20) NOT NULL CHECK (suspension_reason IN (
        'patient_unavailable', 'clinical', 'social', 'other'
    ))
);

CREATE TABLE tci_offer (
    tci_offer_id text PRIMARY KEY,
    waiting_list_entry_id text NOT NULL REFERENCES waiting_list_entry (waiting_list_entry_id),
    offer_made_date date NOT NULL,
    tci_date date NOT NULL,
    location_id text REFERENCES location (location_id),
    reasonable_offer boolean NOT NULL,
    offer_outcome varchar(10) NOT NULL CHECK (offer_outcome IN (
        'pending', 'accepted', 'declined', 'cancelled', 'admitted'
    ))
);

-- Outpatients --------------------------------------------------------------------------------------------------

CREATE TABLE clinic_schedule (
    clinic_schedule_id text PRIMARY KEY,
    service_id text NOT NULL REFERENCES service (service_id),
    care_professional_id text NOT NULL REFERENCES care_professional (care_professional_id),
    location_id text REFERENCES location (location_id),
    clinic_code varchar(20) NOT NULL,
    session_start timestamp NOT NULL,
    session_end timestamp NOT NULL,
    session_status varchar(10) NOT NULL CHECK (session_status IN ('planned', 'held', 'cancelled'))
);

CREATE TABLE appointment_slot (
    appointment_slot_id text PRIMARY KEY,
    clinic_schedule_id text NOT NULL REFERENCES clinic_schedule (clinic_schedule_id),
    slot_start timestamp NOT NULL,
    duration_minutes integer NOT NULL,
    slot_type varchar(10) NOT NULL CHECK (slot_type IN ('new', 'follow_up', 'urgent', 'any')),
    slot_status varchar(10) NOT NULL CHECK (slot_status IN ('free', 'booked', 'blocked'))
);

CREATE TABLE outpatient_appointment (
    outpatient_appointment_id text PRIMARY KEY,
    patient_id text NOT NULL REFERENCES patient (patient_id),
    referral_id text REFERENCES referral (referral_id),
    clinic_schedule_id text NOT NULL REFERENCES clinic_schedule (clinic_schedule_id),
    appointment_slot_id text REFERENCES appointment_slot (appointment_slot_id),
    care_professional_id text REFERENCES care_professional (care_professional_id),
    appointment_start timestamp NOT NULL,
    booked_date date,
    attendance_type varchar(10) NOT NULL CHECK (attendance_type IN ('new', 'follow_up')),
    treatment_function_code char(3) NOT NULL CHECK (treatment_function_code IN (
        '100', '101', '102', '103', '104', '107', '110', '120', '130', '140', '150', '160', '170', '300', '301',
        '302', '303', '320', '326', '328', '330', '340', '361', '370', '400', '410', '420', '430', '501', '502',
        '560', '650', '710', '800', '812'
    )), -- codeset: TREATMENT_FUNCTION_CODE_SUBSET
    administrative_category char(2) NOT NULL CHECK (administrative_category IN (
        '01', '02', '03', '04'
    )), -- codeset: ADMINISTRATIVE_CATEGORY
    attendance_status char(1) NOT NULL CHECK (attendance_status IN (
        '5', '6', '7', '2', '3', '4', '0'
    )), -- codeset: ATTENDED_OR_DID_NOT_ATTEND
    outcome_of_attendance char(1) CHECK (outcome_of_attendance IN ('1', '2', '3')) -- codeset: OUTCOME_OF_ATTENDANCE
);

CREATE TABLE appointment_cancellation (
    appointment_cancellation_id text PRIMARY KEY,
    outpatient_appointment_id text NOT NULL REFERENCES outpatient_appointment (outpatient_appointment_id),
    cancelled_at timestamp NOT NULL,
    cancelled_by varchar(10) NOT NULL CHECK (cancelled_by IN ('patient', 'provider')),
    cancellation_reason text,
    rebooked_appointment_id text REFERENCES outpatient_appointment (outpatient_appointment_id)
);

-- Admitted patient care ----------------------------------------------------------------------------------------

CREATE TABLE hospital_spell (
    hospital_spell_id text PRIMARY KEY,
    patient_id text NOT NULL REFERENCES patient (patient_id),
    site_id text NOT NULL REFERENCES site (site_id),
    waiting_list_entry_id text REFERENCES waiting_list_entry (waiting_list_entry_id),
    hospital_provider_spell_number varchar(12) NOT NULL,
    admission_datetime timestamp NOT NULL,
    admission_method char(2) NOT NULL CHECK (admission_method IN (
        '11', '12', '13', '21', '22', '23', '24', '25', '2A', '2B', '2C', '2D', '31', '32', '82', '83', '81', '98',
        '99'
    )), -- codeset: ADMISSION_METHOD
    source_of_admission char(2) NOT NULL CHECK (source_of_admission IN (
        '19', '29', '39', '49', '51', '52', '53', '54', '65', '66', '79', '85', '87', '88', '98', '99'
    )), -- codeset: SOURCE_OF_ADMISSION
    patient_classification char(1) NOT NULL CHECK (patient_classification IN (
        '1', '2', '3', '4', '5'
    )), -- codeset: PATIENT_CLASSIFICATION
    administrative_category char(2) NOT NULL CHECK (administrative_category IN (
        '01', '02', '03', '04'
    )), -- codeset: ADMINISTRATIVE_CATEGORY
    admitting_care_professional_id text REFERENCES care_professional (care_professional_id),
    -- Discharge columns stay empty while the patient is still in hospital.
    discharge_datetime timestamp,
    discharge_method char(1) CHECK (discharge_method IN (
        '1', '3', '4', '5', '6', '7', '8', '9'
    )), -- codeset: DISCHARGE_METHOD
    discharge_destination char(2) CHECK (discharge_destination IN (
        '19', '29', '30', '37', '38', '48', '49', '50', '51', '52', '53', '54', '65', '66', '79', '84', '85', '87',
        '88', '98', '99'
    )) -- codeset: DISCHARGE_DESTINATION
);

CREATE TABLE consultant_episode (
    consultant_episode_id text PRIMARY KEY,
    hospital_spell_id text NOT NULL REFERENCES hospital_spell (hospital_spell_id),
    episode_number integer NOT NULL,
    consultant_care_professional_id text NOT NULL REFERENCES care_professional (care_professional_id),
    service_id text REFERENCES service (service_id),
    main_specialty_code char(3) NOT NULL CHECK (main_specialty_code IN (
        '100', '101', '107', '110', '120', '130', '140', '141', '142', '143', '145', '146', '147', '148', '149',
        '150', '160', '170', '171', '180', '190', '192', '200', '300', '301', '302', '303', '304', '305', '310',
        '311', '313', '314', '315', '317', '320', '321', '325', '326', '330', '340', '350', '352', '360', '361',
        '370', '371', '400', '401', '410', '420', '421', '430', '450', '451', '460', '500', '501', '502', '504',
        '560', '600', '601', '700', '710', '711', '712', '713', '715', '800', '810', '820', '821', '822', '823',
        '824', '830', '831', '833', '834', '900', '901', '902', '903', '904', '950', '960'
    )), -- codeset: MAIN_SPECIALTY_CODE
    treatment_function_code char(3) NOT NULL CHECK (treatment_function_code IN (
        '100', '101', '102', '103', '104', '107', '110', '120', '130', '140', '150', '160', '170', '300', '301',
        '302', '303', '320', '326', '328', '330', '340', '361', '370', '400', '410', '420', '430', '501', '502',
        '560', '650', '710', '800', '812'
    )), -- codeset: TREATMENT_FUNCTION_CODE_SUBSET
    episode_start timestamp NOT NULL,
    episode_end timestamp,
    last_episode_in_spell boolean NOT NULL
);

CREATE TABLE ward_stay (
    ward_stay_id text PRIMARY KEY,
    hospital_spell_id text NOT NULL REFERENCES hospital_spell (hospital_spell_id),
    consultant_episode_id text REFERENCES consultant_episode (consultant_episode_id),
    location_id text NOT NULL REFERENCES location (location_id),
    ward_stay_start timestamp NOT NULL,
    ward_stay_end timestamp
);

CREATE TABLE critical_care_period (
    critical_care_period_id text PRIMARY KEY,
    hospital_spell_id text NOT NULL REFERENCES hospital_spell (hospital_spell_id),
    location_id text REFERENCES location (location_id),
    care_type varchar(10) NOT NULL CHECK (care_type IN ('adult', 'paediatric', 'neonatal')),
    period_start timestamp NOT NULL,
    period_end timestamp,
    advanced_respiratory_support_days integer,
    basic_respiratory_support_days integer,
    advanced_cardiovascular_support_days integer,
    renal_support_days integer,
    max_organs_supported integer
);

CREATE TABLE theatre_case (
    theatre_case_id text PRIMARY KEY,
    patient_id text NOT NULL REFERENCES patient (patient_id),
    hospital_spell_id text REFERENCES hospital_spell (hospital_spell_id),
    theatre_location_id text NOT NULL REFERENCES location (location_id),
    primary_surgeon_care_professional_id text NOT NULL REFERENCES care_professional (care_professional_id),
    anaesthetist_care_professional_id text REFERENCES care_professional (care_professional_id),
    urgency varchar(10) NOT NULL CHECK (urgency IN ('immediate', 'urgent', 'expedited', 'elective')),
    asa_grade char(1) CHECK (asa_grade IN ('1', '2', '3', '4', '5', '6')),
    anaesthetic_type varchar(10) CHECK (anaesthetic_type IN ('general', 'regional', 'local', 'sedation', 'none')),
    patient_weight_kg numeric(5, 2),
    scheduled_start timestamp,
    in_theatre_at timestamp,
    out_of_theatre_at timestamp,
    case_status varchar(10) NOT NULL CHECK (case_status IN ('scheduled', 'completed', 'cancelled'))
);

-- Clinical coding and documents --------------------------------------------------------------------------------

CREATE TABLE diagnosis (
    diagnosis_id text PRIMARY KEY,
    patient_id text NOT NULL REFERENCES patient (patient_id),
    consultant_episode_id text REFERENCES consultant_episode (consultant_episode_id),
    outpatient_appointment_id text REFERENCES outpatient_appointment (outpatient_appointment_id),
    code_scheme varchar(10) NOT NULL CHECK (code_scheme IN ('icd10', 'snomed_ct')),
    diagnosis_code varchar(18) NOT NULL,
    diagnosis_description text,
    diagnosis_sequence integer NOT NULL,
    diagnosis_date date
);

CREATE TABLE procedure (
    procedure_id text PRIMARY KEY,
    patient_id text NOT NULL REFERENCES patient (patient_id),
    consultant_episode_id text REFERENCES consultant_episode (consultant_episode_id),
    theatre_case_id text REFERENCES theatre_case (theatre_case_id),
    outpatient_appointment_id text REFERENCES outpatient_appointment (outpatient_appointment_id),
    code_scheme varchar(10) NOT NULL CHECK (code_scheme IN ('opcs4', 'snomed_ct')),
    procedure_code varchar(18) NOT NULL,
    procedure_description text,
    procedure_sequence integer NOT NULL,
    procedure_date date NOT NULL,
    main_operator_care_professional_id text REFERENCES care_professional (care_professional_id)
);

CREATE TABLE clinical_document (
    clinical_document_id text PRIMARY KEY,
    patient_id text NOT NULL REFERENCES patient (patient_id),
    hospital_spell_id text REFERENCES hospital_spell (hospital_spell_id),
    outpatient_appointment_id text REFERENCES outpatient_appointment (outpatient_appointment_id),
    author_care_professional_id text REFERENCES care_professional (care_professional_id),
    document_type varchar(20) NOT NULL CHECK (document_type IN (
        'discharge_summary', 'clinic_letter', 'referral_letter', 'operation_note', 'result_report', 'correspondence',
        'other'
    )),
    title text NOT NULL,
    document_datetime timestamp NOT NULL,
    mime_type varchar(100) NOT NULL,
    content_uri text NOT NULL,
    content_sha256 char(64),
    content_bytes bigint,
    document_status varchar(16) NOT NULL CHECK (document_status IN ('current', 'superseded', 'entered-in-error'))
);

-- Provenance ---------------------------------------------------------------------------------------------------

-- One row per migrated target row: which source row it came from and in which run. No foreign key to the target
-- row, because target_table names any of the tables above.
CREATE TABLE migration_xref (
    migration_xref_id text,
    source_system varchar(40) NOT NULL,
    source_table varchar(64) NOT NULL,
    source_key text NOT NULL,
    target_table varchar(64) NOT NULL CHECK (target_table IN (
        'organisation', 'site', 'location', 'care_professional', 'care_professional_role', 'service', 'code_system',
        'code_value', 'patient', 'patient_identifier', 'patient_name', 'patient_address', 'patient_telecom',
        'patient_gp_registration', 'patient_related_person', 'patient_alert', 'patient_allergy', 'patient_link',
        'patient_consent_preference', 'referral', 'rtt_pathway', 'rtt_period_event', 'waiting_list_entry',
        'waiting_list_suspension', 'tci_offer', 'clinic_schedule', 'appointment_slot', 'outpatient_appointment',
        'appointment_cancellation', 'hospital_spell', 'consultant_episode', 'ward_stay', 'critical_care_period',
        'theatre_case', 'diagnosis', 'procedure', 'clinical_document'
    )),
    target_key text NOT NULL,
    run_id text NOT NULL,
    migrated_at timestamp NOT NULL,
    source_row_sha256 char(64),
    PRIMARY KEY (migration_xref_id)
);
