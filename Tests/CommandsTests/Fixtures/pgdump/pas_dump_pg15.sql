--
-- PostgreSQL database dump
--

\restrict 6KXFZ4Noq8dQcAV3dx5U1bqClMUC5WoazpPM6uNQbfZpbrsmCsl3HXlQ2pbFDSn

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: patient_alert; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.patient_alert (
    alert_id integer NOT NULL,
    internal_no integer,
    alert_type text,
    alert_text text,
    raised_date date,
    closed_date date,
    raised_by text
);


--
-- Name: patient_master; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.patient_master (
    internal_no integer NOT NULL,
    hospital_no text,
    nhs_no text,
    nhs_no_status text,
    title text,
    surname text,
    forenames text,
    dob date,
    dod date,
    sex text,
    gender_identity text,
    ethnic text,
    marital text,
    gp_practice text,
    registered_date date,
    last_updated timestamp without time zone
);


--
-- Name: ward; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.ward (
    ward_code text NOT NULL,
    site_code text,
    ward_name text,
    ward_type text,
    bed_count integer
);


--
-- Data for Name: patient_alert; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.patient_alert (alert_id, internal_no, alert_type, alert_text, raised_date, closed_date, raised_by) FROM stdin;
2	100002	MRSA	MRSA positive 2019, screen on admission	2024-05-25	\N	USER465
1	100001	MRSA	Back\\slash\ttab\nnewline "quoted" café bell cr\r	2016-09-13	\N	USER070
\.


--
-- Data for Name: patient_master; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.patient_master (internal_no, hospital_no, nhs_no, nhs_no_status, title, surname, forenames, dob, dod, sex, gender_identity, ethnic, marital, gp_practice, registered_date, last_updated) FROM stdin;
100002	H00100002	9994605062	01	\N	Fauxridge	Kieran Callum	2016-03-19	\N	1	\N	C	\N	Z90026	2017-04-17	2025-06-04 06:09:00
100003	H00100003	9993106937	02	Ms	Synthmore	Rosa Nadia	1971-01-27	\N	2	\N	S	U	Z90032	1976-03-16	2024-11-28 13:07:00
100004	H00100004	9990110670	01	Mrs	Testmore	Violet	1992-01-23	\N	2	\N	A	M	Z90024	2021-06-14	2025-01-24 15:54:00
100001	H00100001	9996103196	02		O'Fauxworth	George Victor	2002-07-02	\N	1	\N	A	L	Z90004	2005-03-07	2023-06-09 19:37:00
\.


--
-- Data for Name: ward; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.ward (ward_code, site_code, ward_name, ward_type, bed_count) FROM stdin;
AMU1	R9Z01	Acute Medical Unit	ASSESSMENT	32
W01	R9Z01	Ash Ward	MEDICAL	28
W02	R9Z01	Birch Ward	MEDICAL	28
W03	R9Z01	Cedar Ward	SURGICAL	24
W04	R9Z01	Damson Ward	SURGICAL	24
W05	R9Z01	Elder Ward	ELDERLY	30
ICU1	R9Z01	Critical Care Unit	ICU	12
DSU1	R9Z01	Day Surgery Unit	DAYCASE	20
W10	R9Z02	Fern Ward	REHAB	20
W11	R9Z02	Gorse Ward	REHAB	20
MAT1	R9Z03	Hazel Maternity Ward	MATERNITY	30
PAED1	R9Z03	Ivy Children's Ward	PAEDIATRIC	20
NNU1	R9Z03	Neonatal Unit	NEONATAL	10
\.


--
-- Name: patient_alert patient_alert_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.patient_alert
    ADD CONSTRAINT patient_alert_pkey PRIMARY KEY (alert_id);


--
-- Name: patient_master patient_master_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.patient_master
    ADD CONSTRAINT patient_master_pkey PRIMARY KEY (internal_no);


--
-- Name: ward ward_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ward
    ADD CONSTRAINT ward_pkey PRIMARY KEY (ward_code);


--
-- PostgreSQL database dump complete
--

\unrestrict 6KXFZ4Noq8dQcAV3dx5U1bqClMUC5WoazpPM6uNQbfZpbrsmCsl3HXlQ2pbFDSn

