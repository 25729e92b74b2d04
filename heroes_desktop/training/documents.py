"""The benign documents of the classroom case: job offers, travel bookings, money transfers and school notices, in
English and Spanish, written as TXT, PDF, DOCX, e-mail and HTML, with the names and identifiers a trainee must find.

Everything comes from the caller's ``random.Random``: the same seed gives byte-identical files, because document
dates, PDF and DOCX metadata, zip timestamps and e-mail headers are drawn from the seed, never read from the clock.
People and organisations are invented; e-mail addresses use reserved domains (``.example``, ``example.net``); UK and
US phone numbers come from the ranges set aside for drama (020 7946 0xxx, 0161 496 0xxx, 555-01xx); IBANs and
wallet addresses carry valid checksums over invented bank codes and random keys. Some job offers show the classic
signs of trafficking recruitment (work abroad, travel paid, passport held, a debt to repay) in plain, non-sexual
wording: they are the ones bookmarked "job-offers".
"""

from __future__ import annotations

import email.message
import email.policy
import email.utils
import html
import io
import random
import re
import textwrap
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.headerregistry import Address
from types import MappingProxyType

import base58
from Cryptodome.Hash import keccak

from heroes_desktop.training.planted import PlantedDocument

TOPICS = ("job offers", "travel bookings", "money transfers", "school notices")
FORMATS = ("txt", "pdf", "docx", "eml", "html")
DOCUMENTS_PER_LANGUAGE = (("en", 6), ("es", 4))  # for each topic
RED_FLAG_JOBS = MappingProxyType({"en": 2, "es": 1})  # job offers with recruitment red flags, per language

# The words each topic is about, as the topic model's terms spell them (lemmas, lower case, without accents): what
# its documents' templates are written around, never a name, place or reference. The answer key states them and
# ``heroes training check`` looks for them among the terms of the modelled topic that holds the topic's documents.
THEME_WORDS = MappingProxyType({
    ("job offers", "en"): ("job", "offer", "salary", "wage", "contract", "employer", "employee", "work", "shift",
                           "training", "candidate", "position", "kitchen", "waitress"),
    ("job offers", "es"): ("empleo", "oferta", "trabajo", "trabajar", "salario", "sueldo", "contrato", "empresa",
                           "turno", "laboral", "formacion", "vacante", "puesto", "camarera"),
    ("travel bookings", "en"): ("travel", "booking", "flight", "passenger", "luggage", "boarding", "departure",
                                "seat", "hotel", "check", "passport", "traveller", "bag"),
    ("travel bookings", "es"): ("viaje", "reserva", "reservar", "vuelo", "pasajero", "equipaje", "salida", "hotel",
                                "pasaporte", "localizador", "destino", "facturado", "suplemento"),
    ("money transfers", "en"): ("transfer", "payment", "account", "send", "money", "fund", "remittance", "wallet",
                                "balance", "sender", "deposit", "cash", "agent"),
    ("money transfers", "es"): ("transferencia", "pago", "cuenta", "enviar", "envio", "dinero", "deposito",
                                "ordenante", "beneficiario", "monedero", "comision", "ingresar", "bancario"),
    ("school notices", "en"): ("school", "pupil", "parent", "teacher", "class", "trip", "lunch", "homework",
                               "club", "term", "carer", "activity"),
    ("school notices", "es"): ("colegio", "alumno", "alumnado", "familia", "tutoria", "excursion", "nino", "hijo",
                               "extraescolar", "profesor", "clase", "actividad")})

_TOPIC_KEYS = MappingProxyType({"job offers": "jobs", "travel bookings": "travel", "money transfers": "money",
                                "school notices": "school"})
_CODE_PREFIXES = MappingProxyType({
    ("job offers", "en"): "JOB", ("job offers", "es"): "OFE", ("travel bookings", "en"): "REF",
    ("travel bookings", "es"): "LOC", ("money transfers", "en"): "TRF", ("money transfers", "es"): "ENV",
    ("school notices", "en"): "SN", ("school notices", "es"): "CIR"})
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_CARD_SAFE_DIGITS = "0189"  # first digits no payment card starts with, so an IBAN's digit groups never read as one
_SLOT_LABELS = MappingProxyType({
    "person": "PERSON", "recipient": "PERSON", "head": "PERSON", "org": "ORG", "hotel": "ORG", "airline": "ORG",
    "city": "LOC", "city2": "LOC", "email": "EMAIL", "to_email": "EMAIL", "phone": "PHONE", "url": "URL",
    "iban": "IBAN", "iban2": "IBAN", "btc": "CRYPTO", "eth": "CRYPTO"})
_MONTHS = MappingProxyType({
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre")})


# ---------------------------------------------------------------------------------------------------------------
# Invented people, organisations and the real cities they are placed in
# ---------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Org:
    """An invented organisation: its name, its reserved e-mail domain and the country its phones and money use."""

    name: str
    domain: str
    country: str  # "GB", "US", "ES", "PE"

    @property
    def slug(self) -> str:
        return self.domain.split(".")[0].split("-")[0]


_SCHOOL_TEACHERS = ("Theodora Quilliam", "Irene Carrasquilla Bedoya", "Gonzalo Errazquin Poveda")
_HEAD_TEACHER = "Edwin Marchbank"
_SCHOOL_PARENTS = ("Lorna Pickavance", "Beatriz Olmedilla Sáenz")
_PEOPLE = MappingProxyType({  # a few people per topic, who recur across its documents as they would in real life
    ("job offers", "en"): ("Daniel Whitcombe", "Harriet Pellowe", "Owen Gatesby", "Clara Fennimore"),
    ("travel bookings", "en"): ("Rupert Ashdown", "Imogen Thraxton", "Callum Brierley", "Naomi Wetherall"),
    ("money transfers", "en"): ("Gideon Larkspur", "Felicity Ormerod", "Samuel Kettleby", "Priya Dunleavy"),
    ("school notices", "en"): _SCHOOL_TEACHERS,
    ("job offers", "es"): ("Marta Ledesma Ortiz", "Julián Arrieta Basoa", "Rocío Valdeolmos Pardo",
                           "Esteban Quiroga Lluch"),
    ("travel bookings", "es"): ("Lucía Farrando Ibarz", "Ignacio Montesclaros Vidal", "Ainhoa Berrocal Sanz",
                                "Tomás Echevarne Ruiz"),
    ("money transfers", "es"): ("Camila Restrepo Olano", "Mateo Villagrán Soto", "Valentina Ocampo Ruedas",
                                "Diego Salcedo Marín"),
    ("school notices", "es"): _SCHOOL_TEACHERS})

# Agencies, remittance companies and the bilingual school write to their clients in English and in Spanish, so the
# two languages of a topic share names, as they would on a real seized computer.
_RECRUITERS_ABROAD = (_Org("Golden Horizon Overseas Jobs", "goldenhorizon-jobs.example", "GB"),
                      _Org("Agencia Nuevo Rumbo Laboral", "nuevorumbo-laboral.example", "PE"))
_TRAVEL_AGENCIES = (_Org("Kestrel Travel Services", "kestrel-travel.example", "GB"),
                    _Org("Viajes Sol Naciente S.L.", "solnaciente-viajes.example", "ES"))
_REMITTERS = (_Org("Northgate Money Express", "northgate-money.example", "GB"),
              _Org("Remesas Puente Andino S.A.", "puenteandino.example", "PE"))
_SCHOOLS = (_Org("St Aldric's British School", "staldrics-school.example", "ES"),)
_ORGS = MappingProxyType({
    ("job offers", "en"): (_Org("Brightwater Staffing Ltd", "brightwater-staffing.example", "GB"),
                           _Org("Harbourline Hospitality Group", "harbourline-hospitality.example", "GB"),
                           _Org("Sunport Crew Agency", "sunport-crew.example", "US")),
    ("job offers", "es"): (_Org("Empleos Horizonte Azul S.L.", "horizonteazul-empleo.example", "ES"),
                           _Org("Hostelería Costa Dorada S.L.", "costadorada-hosteleria.example", "ES"),
                           _Org("Servicios Integrales Almenara S.L.", "almenara-servicios.example", "ES")),
    ("red flags", "en"): _RECRUITERS_ABROAD, ("red flags", "es"): _RECRUITERS_ABROAD,
    ("travel bookings", "en"): _TRAVEL_AGENCIES, ("travel bookings", "es"): _TRAVEL_AGENCIES,
    ("money transfers", "en"): _REMITTERS, ("money transfers", "es"): _REMITTERS,
    ("school notices", "en"): _SCHOOLS, ("school notices", "es"): _SCHOOLS})

_HOTELS = ("Hotel Belvedere Gardens", "Riverside Lodge Hotel", "Hotel Jardines del Alba", "Hostal Plaza Dorada")
_AIRLINES = (("Atlantic Meridian Airways", "MW"), ("Aerolíneas Cóndor Azul", "CZ"), ("Northern Crest Air", "NQ"))
_TRAVEL_CITIES = (("Manchester", "Madrid"), ("Málaga", "Lima", "Miami"))  # spelt alike in both
_MONEY_CITIES = (("Madrid",), ("Quito", "Medellín", "Bogotá"))
_SCHOOL_CITIES = (("Zaragoza",), ("Zaragoza",))
_CITIES = MappingProxyType({  # (home, away) for each kind of document; red-flag job offers send people away
    ("job offers", "en"): (("London", "Manchester"), ("Madrid", "Valencia")),
    ("job offers", "es"): (("Madrid", "Sevilla"), ("Madrid", "Valencia")),
    ("travel bookings", "en"): _TRAVEL_CITIES, ("travel bookings", "es"): _TRAVEL_CITIES,
    ("money transfers", "en"): _MONEY_CITIES, ("money transfers", "es"): _MONEY_CITIES,
    ("school notices", "en"): _SCHOOL_CITIES, ("school notices", "es"): _SCHOOL_CITIES})
_POSITIONS = MappingProxyType({
    "en": ("waitress", "hostess", "kitchen assistant", "receptionist", "housekeeping assistant",
           "care assistant"),
    "es": ("camarera", "azafata de eventos", "ayudante de cocina", "recepcionista", "camarera de pisos",
           "cuidadora de personas mayores")})
_CLASSES = ("Year 4", "Year 5", "Year 6")  # a British school names its classes so in both languages
_URL_PATHS = MappingProxyType({
    ("job offers", "en"): "careers", ("job offers", "es"): "empleo", ("travel bookings", "en"): "my-booking",
    ("travel bookings", "es"): "mi-reserva", ("money transfers", "en"): "help", ("money transfers", "es"): "ayuda",
    ("school notices", "en"): "parents", ("school notices", "es"): "familias"})
_ROLE_MAILBOXES = MappingProxyType({"en": "payments", "es": "pagos"})
_RECIPIENT_DOMAINS = ("example.com", "example.net", "example.org")


# ---------------------------------------------------------------------------------------------------------------
# Templates: distinctive vocabulary per topic, so that a topic model separates them
# ---------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Templates:
    """The text of one kind of document: a choice of titles, the paragraphs in order, file-name stems.

    Every document of a kind has every paragraph, as the form letters of real agencies, banks and schools do: what
    varies is the people, places, amounts and references. Sampling paragraphs instead splits a topic into
    sub-topics of co-occurring paragraphs, which LDA over a few dozen documents then models apart.
    """

    titles: tuple[str, ...]
    paragraphs: tuple[str, ...]
    stems: tuple[str, ...]  # file-name stems, formatted with the slugs of the slots


_JOB_DUTIES_EN = (
    "Main duties: welcoming guests, taking orders, setting and clearing tables, working with the kitchen team and "
    "keeping the dining room clean. Previous experience as a waitress, waiter or hostess is helpful, but full "
    "training is given. Work clothing and meals during shifts are provided by the employer.")
_JOB_QUALITIES_EN = (
    "Applicants should be reliable, punctual and friendly, with good spoken English. The position suits candidates "
    "who enjoy teamwork in a fast-paced workplace. Food hygiene training and a health and safety induction are "
    "provided for every new employee during the first week.")

_JOBS_EN = _Templates(
    titles=("Vacancy: {position} in {city}", "Job offer {code}: {position}", "{org}: {position} position"),
    paragraphs=(
        "{org} is recruiting an experienced {position} for a busy restaurant in {city}. This is a permanent, "
        "full-time position with a written employment contract, a starting salary of {salary} per month before tax "
        "and paid annual leave. Vacancy reference {code} was published on {date} and applications close in three "
        "weeks.",
        _JOB_DUTIES_EN,
        "The contract is for twelve months with a probation period of eight weeks. Hours are {hours} per week on a "
        "rota, with overtime paid at time and a half. The salary is paid monthly and every payslip shows the gross "
        "wage, tax, national insurance and pension contributions.",
        "To apply, send your CV and a short cover letter. Candidates must have the legal right to work where the "
        "position is based and show proof of identity and address at the interview. Interviews take place at our "
        "recruitment centre on Tuesdays and Wednesdays, and references from two previous employers are verified "
        "before an offer of employment is made.",
        "Benefits include twenty-eight days of annual leave, a staff discount, employee parking and a workplace "
        "pension. Employees who complete the probation period can join the supervisor training programme and "
        "progress to a senior position within two years.",
        _JOB_QUALITIES_EN,
        "For questions about this vacancy please contact {person}, recruitment consultant at {org}, on {phone} or "
        "by e-mail at {email}. The full job description and our other vacancies are published at {url}.",
    ),
    stems=("job_offer_{org}", "vacancy_{position}_{city}", "job_description_{org}"),
)

_JOBS_EN_RED = _Templates(
    titles=("Work abroad: {position} in {city}", "Urgent jobs in {city}, travel paid", "Job offer {code}"),
    paragraphs=(
        "Hello {first}, a friend of yours gave us your number. Great opportunity abroad! {org} urgently needs "
        "workers for a {position} job in {city}, starting on {date}. No experience and no language skills are "
        "needed. The salary is {salary} per month, much more than you can earn in your country, and the employer "
        "pays for your travel, your work visa and your accommodation.",
        _JOB_DUTIES_EN,
        "Please send a photo of your passport to our coordinator before we confirm the job. When you start work, "
        "the manager will keep your passport in the company safe for the whole contract, for safekeeping. The "
        "written contract is signed after arrival, once the employer is happy with your work.",
        "The travel, the work visa and the first months of accommodation cost {debt}. This amount is a loan from "
        "the employer and is repaid from your wages every month until the debt is cleared. Deductions for meals, "
        "work clothes and lodging are also taken from the salary.",
        "Vacancies are few and we need an answer in two days. Do not discuss the offer with other agencies. "
        "Accommodation is provided in a shared house near the workplace and the workers travel together in the "
        "company van every morning.",
        _JOB_QUALITIES_EN,
        "Call or message {person} on {phone}, or write to {email} with your name, your age and a copy of your "
        "passport. Reference {code}. The job starts as soon as you accept the offer.",
    ),
    stems=("job_abroad_{city}", "urgent_work_{city}", "offer_{org}_{city}"),
)

_JOB_DUTIES_ES = (
    "Funciones principales: recibir a los clientes, tomar nota de los pedidos, montar y recoger las mesas, "
    "coordinarse con el equipo de cocina y mantener limpio el comedor. Se valora experiencia previa como camarera, "
    "camarero o azafata, pero la empresa ofrece formación completa. La ropa de trabajo y las comidas durante el "
    "turno las paga la empresa.")
_JOB_QUALITIES_ES = (
    "Buscamos personas responsables, puntuales y amables, con ganas de trabajar en equipo en un ambiente dinámico. "
    "La empresa imparte el curso de manipulador de alimentos y la formación en prevención de riesgos laborales a "
    "todo el personal de nueva incorporación durante los primeros días.")

_JOBS_ES = _Templates(
    titles=("Oferta de empleo: {position} en {city}", "Vacante {code}: {position}", "{org}: puesto de {position}"),
    paragraphs=(
        "{org} selecciona {position} para un restaurante con mucho movimiento en {city}. Se ofrece contrato "
        "indefinido a jornada completa, un salario de {salary} brutos al mes y vacaciones pagadas. La oferta "
        "{code} se publicó el {date} y el plazo de inscripción termina en tres semanas.",
        _JOB_DUTIES_ES,
        "El contrato es de un año con un periodo de prueba de ocho semanas. La jornada es de {hours} horas "
        "semanales por turnos y las horas extra se pagan aparte. La nómina se paga cada mes y detalla el salario "
        "bruto, las retenciones y las cotizaciones a la Seguridad Social.",
        "Para presentar la candidatura, envíe su currículum y una breve carta de presentación. Es necesario contar "
        "con permiso de trabajo y llevar a la entrevista el DNI o el NIE. Las entrevistas se realizan en nuestra "
        "oficina los martes y los miércoles, y antes de la contratación se piden informes de dos empleos "
        "anteriores.",
        "Entre los beneficios se incluyen un mes de vacaciones pagadas, descuentos para el personal y un plan de "
        "formación. Quien supere el periodo de prueba podrá acceder al programa de formación de encargados y "
        "promocionar a un puesto de mayor responsabilidad.",
        _JOB_QUALITIES_ES,
        "Para cualquier consulta sobre esta oferta de empleo puede llamar a {person}, del departamento de selección "
        "de {org}, al {phone} o escribir a {email}. La descripción del puesto y otras vacantes están en {url}.",
    ),
    stems=("oferta_empleo_{org}", "vacante_{position}_{city}", "puesto_trabajo_{org}"),
)

_JOBS_ES_RED = _Templates(
    titles=("Trabajo en el extranjero: {position} en {city}", "Empleo urgente en {city} con viaje pagado",
            "Oferta de trabajo {code}"),
    paragraphs=(
        "Hola, {first}: una amiga suya nos dio su número. ¡Gran oportunidad en el extranjero! {org} necesita con "
        "urgencia personal para trabajar de {position} en {city}, con incorporación el {date}. No hace falta "
        "experiencia ni saber idiomas. El sueldo es de {salary} al mes, mucho más de lo que se gana en su país, y "
        "el empleador paga el viaje, el visado de trabajo y el alojamiento.",
        _JOB_DUTIES_ES,
        "Antes de confirmar el empleo, envíe una foto de su pasaporte a nuestra coordinadora. Al empezar a "
        "trabajar, el encargado guardará su pasaporte en la caja fuerte de la empresa durante todo el contrato, "
        "para custodiarlo. El contrato por escrito se firma después de la llegada, cuando el empleador esté "
        "contento con su trabajo.",
        "El viaje, el visado de trabajo y los primeros meses de alojamiento suman {debt}. Esa cantidad es un "
        "préstamo del empleador y se descuenta del sueldo cada mes hasta saldar la deuda. También se descuentan del "
        "salario la comida, la ropa de trabajo y la habitación.",
        "Hay pocas vacantes y necesitamos una respuesta en dos días. No comente la oferta con otras agencias. El "
        "alojamiento es una casa compartida cerca del trabajo y el personal viaja junto cada mañana en la furgoneta "
        "de la empresa.",
        _JOB_QUALITIES_ES,
        "Llame o escriba a {person} al {phone}, o mande un correo a {email} con su nombre, su edad y una copia del "
        "pasaporte. Código de la oferta: {code}. El trabajo empieza en cuanto acepte la oferta.",
    ),
    stems=("trabajo_extranjero_{city}", "oferta_urgente_{city}", "empleo_{org}_{city}"),
)

_TRAVEL_EN = _Templates(
    titles=("Booking confirmation {code}", "Your itinerary: {city} to {city2}", "E-ticket receipt and hotel voucher"),
    paragraphs=(
        "Hello {first}, thank you for booking with {org}. This is your e-ticket receipt and travel itinerary for "
        "the journey from {city} to {city2}, booking reference {code}, confirmed on {date} for the passenger "
        "{recipient}. Please check the passenger names, flight times and hotel details carefully and keep this "
        "confirmation with your passport until the end of your holiday.",
        "Outbound flight {flight} with {airline} departs from {city} on {date2} at {time} and arrives in {city2} "
        "later that day. Online check-in opens three hours before departure and the boarding gate closes forty "
        "minutes before the flight. Seats are allocated at check-in.",
        "Hotel: {hotel}, {city2}. Your booking includes seven nights in a double room with breakfast. Check-in is "
        "from three in the afternoon and check-out before noon on the day of departure. Present your passport and "
        "this voucher at the hotel reception.",
        "Luggage allowance: one cabin bag of up to ten kilograms and one checked suitcase of twenty-three kilograms "
        "per passenger. Extra luggage, sports equipment and seat upgrades can be added to the booking up to six "
        "hours before departure for a supplement.",
        "Travel documents: every traveller needs a passport valid for at least six months after the return flight. "
        "Depending on your nationality, a visa or an electronic travel authorisation may be required. It is your "
        "responsibility to check the entry requirements before departure.",
        "The total holiday price of {price} was settled in full at booking. Cancellations made more than thirty "
        "days before departure are refunded minus an administration charge. Changes to passenger names or flights "
        "are possible for a supplement, subject to seat availability with the airline.",
        "Have a pleasant journey. For help before or during your journey, call {person} at {org} on {phone} or "
        "write to {email}. You can also manage your booking, add luggage or choose seats by phone.",
    ),
    stems=("flight_booking_{city2}", "itinerary_{city2}", "hotel_voucher_{city2}", "booking_{code}"),
)

_TRAVEL_ES = _Templates(
    titles=("Confirmación de reserva {code}", "Su itinerario: {city} - {city2}",
            "Billete electrónico y voucher de hotel"),
    paragraphs=(
        "Hola, {first}: gracias por reservar con {org}. Le enviamos el billete electrónico (e-ticket) y el "
        "itinerario del viaje de {city} a {city2}, con localizador {code}, confirmado el {date} a nombre de "
        "{recipient}. Revise los nombres de los pasajeros, los horarios de los vuelos y los datos del hotel, y "
        "conserve esta confirmación junto con su pasaporte hasta el final del viaje.",
        "El vuelo de ida {flight} de {airline} sale de {city} el {date2} a las {time} y llega a {city2} ese mismo "
        "día. El check-in online abre tres horas antes de la salida y la puerta de embarque cierra cuarenta minutos "
        "antes del vuelo. Los asientos se asignan al hacer el check-in.",
        "Hotel: {hotel}, {city2}. La reserva comprende siete noches en habitación doble con desayuno. La entrada "
        "al hotel es a partir de las tres de la tarde y la salida, antes del mediodía. Presente el pasaporte y este "
        "voucher en la recepción del hotel.",
        "Equipaje permitido: un bulto de mano de hasta diez kilos y una maleta facturada de veintitrés kilos por "
        "pasajero. El equipaje adicional y los cambios de asiento pueden añadirse a la reserva hasta seis horas "
        "antes de la salida con un suplemento.",
        "Documentación: cada viajero necesita un pasaporte con una validez mínima de seis meses después del vuelo "
        "de regreso. Según la nacionalidad, puede hacer falta un visado o un permiso electrónico de viaje para "
        "entrar en el país de destino.",
        "El precio total del viaje, {price}, se abonó al confirmar la reserva. Las cancelaciones con más de "
        "treinta días de antelación se reembolsan descontando los gastos de gestión. Los cambios de nombre o de "
        "vuelo son posibles con un suplemento, según los asientos libres de la aerolínea.",
        "Le deseamos un buen viaje. Si necesita ayuda antes o durante el viaje, llame a {person}, de {org}, al "
        "{phone} o escriba a {email}. También puede gestionar su reserva, añadir equipaje o elegir asiento por "
        "teléfono.",
    ),
    stems=("reserva_vuelo_{city2}", "itinerario_{city2}", "voucher_hotel_{city2}", "localizador_{code}"),
)

_MONEY_EN = _Templates(
    titles=("Transfer receipt {code}", "Remittance confirmation {code}", "Wallet deposit and transfer statement"),
    paragraphs=(
        "{org} confirms that the money transfer with reference {code} was processed on {date}. The sender, "
        "{person}, sent {amount} to the beneficiary {recipient} in {city2}. The transfer fee of {fee} was charged "
        "to the sender's account.",
        "Originator IBAN: {iban}. Beneficiary IBAN: {iban2}. Funds normally arrive within one working day for "
        "transfers in euros and within three working days for other currencies. The exchange rate applied is shown "
        "on the final statement.",
        "Part of the balance, {amount2}, was converted to digital currency and sent to the Bitcoin wallet {btc}. A "
        "second payment was sent to the Ethereum wallet {eth}. Crypto transfers cannot be reversed once they are "
        "confirmed on the network.",
        "Fees: the usual transfer fee is {fee} for each remittance, plus an exchange margin on international "
        "payments. Cash pick-up at a partner agent costs the beneficiary nothing. Express transfers to a bank "
        "account or mobile wallet carry an additional fee.",
        "Monthly limit: each customer can send up to five thousand a month in any currency. Larger deposits and "
        "transfers require evidence of the source of funds, such as a bank statement, an inheritance certificate or "
        "a property sale deed, in line with anti-money laundering rules.",
        "Security reminder: {org} will never ask for your password or PIN by telephone. If you did not authorise "
        "this transfer, contact us immediately so that we can stop the payment and open an investigation with the "
        "receiving bank.",
        "The beneficiary can collect the money in cash at any partner agent in {city2} by showing a valid ID card "
        "or residence permit and the transfer reference. Alternatively, the funds can be deposited directly into "
        "the beneficiary's bank account or mobile wallet.",
        "Payments Desk, {org}. Customer line for transfers and deposits: {phone}. Payment enquiries: {email}. "
        "Transfer history and wallet balances are shown in the mobile app.",
    ),
    stems=("transfer_receipt_{code}", "remittance_{city2}", "wallet_statement_{org}"),
)

_MONEY_ES = _Templates(
    titles=("Justificante de transferencia {code}", "Justificante de envío de dinero {code}",
            "Extracto de depósito y wallet"),
    paragraphs=(
        "{org} confirma que la transferencia con referencia {code} se realizó el {date}. El ordenante, {person}, "
        "envió {amount} a la persona beneficiaria, {recipient}, en {city2}. La comisión de envío, {fee}, se "
        "descontó de la cuenta del ordenante.",
        "IBAN del ordenante: {iban}. IBAN de la persona beneficiaria: {iban2}. Los fondos suelen llegar en un día "
        "hábil en las transferencias en euros y en tres días hábiles en otras divisas. El tipo de cambio aplicado "
        "figura en el extracto final.",
        "Una parte del saldo, {amount2}, se convirtió en criptomoneda y se envió al monedero (wallet) de Bitcoin "
        "{btc}. Un segundo pago se envió al wallet de Ethereum {eth}. Las transferencias de criptomonedas no se "
        "pueden anular una vez confirmadas en la red.",
        "Comisiones: la comisión estándar es de {fee} por cada envío, más un margen de cambio en los pagos "
        "internacionales. La recogida en efectivo en un agente colaborador es gratuita para la persona "
        "beneficiaria. Los envíos urgentes a una cuenta bancaria o a un wallet móvil tienen un coste mayor.",
        "Límite mensual: cada cliente puede enviar hasta cinco mil mensuales en cualquier divisa. Los depósitos "
        "y las transferencias de mayor importe requieren un justificante del origen de los fondos, como un "
        "extracto bancario, un certificado de herencia o una escritura de venta, según la normativa contra el "
        "blanqueo de capitales.",
        "Aviso importante: {org} nunca le pedirá su contraseña ni su PIN en una llamada. Si no autorizó esta "
        "transferencia, avísenos de inmediato para detener el pago y abrir una reclamación con el banco receptor.",
        "La persona beneficiaria puede cobrar el dinero en efectivo en cualquier agente colaborador de {city2} "
        "presentando su cédula o su DNI y la referencia del envío. También se puede ingresar directamente en su "
        "cuenta bancaria o en su wallet móvil.",
        "Servicio de Pagos, {org}. Consultas sobre transferencias y depósitos: {phone}. Incidencias de pagos: "
        "{email}. El historial de envíos y el saldo del wallet están en la app móvil.",
    ),
    stems=("justificante_transferencia_{code}", "envio_dinero_{city2}", "extracto_wallet_{org}"),
)

_SCHOOL_EN = _Templates(
    titles=("Letter to parents: {class} school trip", "Notice {code}: term information",
            "Trip permission and homework for {class}"),
    paragraphs=(
        "Dear parents and carers, {class} pupils at {org} will visit the science museum in {city} on {date} as part "
        "of their classroom topic on materials and forces. The trip costs {price} per pupil, which covers the coach "
        "and the museum workshop. Please read notice {code} and hand in the permission slip.",
        "Trip permission: every pupil must bring back the signed permission slip by Friday. Children should wear "
        "school uniform and bring a packed lunch in a named lunchbox and a waterproof coat. Parents who would like "
        "to volunteer on the trip should speak to the class teacher.",
        "Homework is set every Monday and should be handed in by Thursday. Pupils are expected to read at home "
        "every day and to practise their multiplication facts and spellings. The homework diary should be signed "
        "by a parent every week.",
        "Term dates: the half-term break starts on {date2}. The school is closed to pupils on the staff development "
        "day. Parents' evening meetings will take place in the classroom and can be booked through the school "
        "office.",
        "Clubs and activities: football, choir, chess and art club run after school from Monday to Thursday. "
        "Spaces in each club are few, so please register your child with the school office. Pupils must be "
        "collected promptly at the end of each club.",
        "Healthy school: please provide a water bottle and a healthy snack each day. Nuts are not allowed in school "
        "because some pupils have allergies. Items left behind are kept in the school hall and unclaimed uniform "
        "is donated at the end of each term.",
        "If you have any questions, please contact the class teacher, {person}, at {email}, or the school office on "
        "{phone}. The head teacher, {head}, is at the main entrance every morning. Thank you for your support. "
        "{org}, {city}.",
    ),
    stems=("letter_parents_{class}", "school_trip_{class}", "term_notice_{class}"),
)

_SCHOOL_ES = _Templates(
    titles=("Circular a las familias: excursión de {class}", "Circular {code}: información del trimestre",
            "Autorización de excursión y deberes de {class}"),
    paragraphs=(
        "Estimadas familias: el alumnado de {class} del {org} visitará el museo de ciencias de {city} el {date} "
        "dentro del proyecto de aula sobre los materiales y las fuerzas. La excursión cuesta {price} por alumno y "
        "cubre el autobús y el taller del museo. Lean la circular {code} y devuelvan la autorización firmada.",
        "Autorización para la excursión: todo el alumnado debe traer firmada la autorización antes del viernes. Los "
        "niños y las niñas irán con el uniforme del colegio, con el almuerzo en una fiambrera marcada y con un "
        "chubasquero. Las familias que quieran acompañar al grupo pueden hablar con la tutoría.",
        "Los deberes se ponen los lunes y se entregan los jueves. Se espera que el alumnado lea en casa un rato "
        "cada día y repase las tablas de multiplicar y la ortografía. La familia debe firmar la agenda escolar "
        "todos los viernes.",
        "Calendario escolar: el descanso del trimestre empieza el {date2}. El colegio permanecerá cerrado para el "
        "alumnado el día no lectivo del claustro. Las reuniones de familias se celebrarán en el aula y se pueden "
        "pedir en la secretaría del colegio.",
        "Actividades extraescolares: fútbol, coro, ajedrez y pintura, de lunes a jueves al terminar las clases. Los "
        "grupos son pequeños, así que inscriban a sus hijos en la secretaría. Hay que pasar a buscar a los alumnos "
        "con puntualidad al terminar cada actividad.",
        "Alimentación saludable: traigan cada día una botella de agua y un almuerzo sano. No se permiten frutos "
        "secos en el colegio porque hay alumnos con alergias. Los objetos olvidados se guardan en el salón de actos "
        "hasta el final del trimestre.",
        "Para cualquier duda pueden escribir a la tutoría, {person}, a {email}, o llamar a la secretaría del "
        "colegio al {phone}. {head}, de la dirección del colegio, atiende a las familias en la puerta cada mañana. "
        "Un cordial saludo. {org}, {city}.",
    ),
    stems=("circular_familias_{class}", "excursion_{class}", "deberes_{class}"),
)

_TEMPLATES = MappingProxyType({
    ("job offers", "en", False): _JOBS_EN, ("job offers", "en", True): _JOBS_EN_RED,
    ("job offers", "es", False): _JOBS_ES, ("job offers", "es", True): _JOBS_ES_RED,
    ("travel bookings", "en", False): _TRAVEL_EN, ("travel bookings", "es", False): _TRAVEL_ES,
    ("money transfers", "en", False): _MONEY_EN, ("money transfers", "es", False): _MONEY_ES,
    ("school notices", "en", False): _SCHOOL_EN, ("school notices", "es", False): _SCHOOL_ES})


# ---------------------------------------------------------------------------------------------------------------
# Identifiers: valid for the extractor, invented or reserved for fiction
# ---------------------------------------------------------------------------------------------------------------

def _phone(rng: random.Random, country: str) -> str:
    """A phone number that libphonenumber accepts; UK and US ones from the ranges reserved for drama."""
    if country == "GB":
        return rng.choice(("+44 20 7946 0{:03d}", "+44 161 496 0{:03d}")).format(rng.randrange(1000))
    if country == "US":
        return f"+1 305 555 01{rng.randrange(100):02d}"
    if country == "PE":
        return f"+51 9{rng.randrange(10, 100)} {rng.randrange(1000):03d} {rng.randrange(1000):03d}"
    return f"+34 6{rng.randrange(10, 100)} {rng.randrange(1000):03d} {rng.randrange(1000):03d}"


def _iban_check_digits(country: str, bban: str) -> str:
    """ISO 7064 mod 97-10 check digits of an IBAN."""
    digits = "".join(str(int(character, 36)) for character in bban + country + "00")
    return f"{98 - int(digits) % 97:02d}"


def _ccc_digit(digits: str) -> str:
    """One check digit of a Spanish bank account code (CCC), as Spanish banks compute it."""
    check = sum(int(digit) * 2 ** power for power, digit in enumerate(digits)) % 11
    return str(check if check < 2 else 11 - check)


def _grouped(compact: str) -> str:
    """An IBAN as it is printed, in groups of four."""
    return " ".join(compact[start:start + 4] for start in range(0, len(compact), 4))


def _card_safe_digits(rng: random.Random, count: int) -> str:
    """Random digits whose first one starts no payment card number (an IBAN must not also read as a card)."""
    return rng.choice(_CARD_SAFE_DIGITS) + "".join(rng.choice("0123456789") for _ in range(count - 1))


def _spanish_iban(rng: random.Random) -> str:
    """An ES IBAN in groups of four, with valid CCC and IBAN check digits over an invented bank and branch."""
    bank, branch = _card_safe_digits(rng, 4), _card_safe_digits(rng, 4)
    account = "".join(rng.choice("0123456789") for _ in range(10))
    bban = bank + branch + _ccc_digit("00" + bank + branch) + _ccc_digit(account) + account
    return _grouped("ES" + _iban_check_digits("ES", bban) + bban)


def _british_iban(rng: random.Random) -> str:
    """A GB IBAN in groups of four, over an invented four-letter bank code."""
    bank = rng.choice(("BRWX", "NGTQ", "SWBZ", "KSTV"))
    bban = bank + _card_safe_digits(rng, 6) + "".join(rng.choice("0123456789") for _ in range(8))
    return _grouped("GB" + _iban_check_digits("GB", bban) + bban)


def _bitcoin_address(rng: random.Random) -> str:
    """A pay-to-public-key-hash address (Base58Check, version 0) over a random, unowned hash."""
    return base58.b58encode_check(b"\x00" + rng.randbytes(20)).decode("ascii")


def _ethereum_address(rng: random.Random) -> str:
    """A random address with its EIP-55 mixed-case checksum."""
    body = rng.randbytes(20).hex()
    digest = keccak.new(digest_bits=256, data=body.encode("ascii")).hexdigest()
    return "0x" + "".join(character.upper() if int(nibble, 16) >= 8 else character
                          for character, nibble in zip(body, digest[:40], strict=True))


def _normalized(label: str, text: str) -> str:
    """The value ``find_identifiers`` reports for an identifier written as ``text``; names stay as written."""
    if label == "EMAIL":
        return text.lower()
    if label == "PHONE":
        return "+" + "".join(character for character in text if character.isdigit())
    if label == "IBAN":
        return text.replace(" ", "")
    if label == "URL":
        return text if "://" in text else "http://" + text
    if label == "CRYPTO":
        return f"ethereum:{text.lower()}" if text.startswith("0x") else f"bitcoin:{text}"
    return text


# ---------------------------------------------------------------------------------------------------------------
# Slots: the words and identifiers a document is filled with
# ---------------------------------------------------------------------------------------------------------------

def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _slug(text: str) -> str:
    return "_".join("".join(c if c.isalnum() else " " for c in _ascii(text).lower()).split())


def _first_name(name: str) -> str:
    return name.split()[0]


def _surname(name: str) -> str:
    return name.split()[1]


def _mailbox(name: str, domain: str) -> str:
    """An address built from a person's name, e.g. d.whitcombe@brightwater-staffing.example."""
    return f"{_ascii(_first_name(name)).lower()[0]}.{_ascii(_surname(name)).lower()}@{domain}"


def _home_mailbox(rng: random.Random, name: str) -> str:
    """A private address at a reserved example domain."""
    first, surname = _ascii(_first_name(name)).lower(), _ascii(_surname(name)).lower()
    return f"{first}.{surname}@{rng.choice(_RECIPIENT_DOMAINS)}"


def _money(amount: int, currency: str, language: str) -> str:
    """An amount as people write it: £1,850 or $2,400 in English, 1.450 euros in Spanish."""
    grouped = f"{amount:,}" if language == "en" else f"{amount:,}".replace(",", ".")
    if currency == "GBP":
        return f"£{grouped}"
    if currency == "USD":
        return f"${grouped}" if language == "en" else f"{grouped} dólares"
    return f"{grouped} euros"


def _currency(country: str) -> str:
    return {"GB": "GBP", "US": "USD", "ES": "EUR"}.get(country, "USD")


def _date_text(moment: datetime, language: str) -> str:
    month = _MONTHS[language][moment.month - 1]
    return f"{moment.day} {month} {moment.year}" if language == "en" else f"{moment.day} de {month} de {moment.year}"


def _base_slots(rng: random.Random, topic: str, language: str, org: _Org, when: datetime) -> dict[str, str]:
    """Slots every kind of document uses: the organisation, two people, contact details, dates."""
    person, recipient, head = rng.sample(_PEOPLE[(topic, language)], 3)
    return {"org": org.name, "org_slug": org.slug, "person": person, "recipient": recipient, "head": head,
            "first": _first_name(recipient), "email": _mailbox(person, org.domain),
            "to_email": _home_mailbox(rng, recipient), "sender_name": person, "to_name": recipient,
            "phone": _phone(rng, org.country), "url": f"https://www.{org.domain}/{_URL_PATHS[(topic, language)]}",
            "date": _date_text(when, language),
            "date2": _date_text(when + timedelta(days=rng.randrange(12, 60)), language),
            "city": rng.choice(_CITIES[(topic, language)][0]), "city2": rng.choice(_CITIES[(topic, language)][1])}


def _job_slots(rng: random.Random, language: str, red_flag: bool, when: datetime) -> dict[str, str]:
    """A vacancy at home, or for a red flag a job abroad with a salary that sounds too good and a debt."""
    org = rng.choice(_ORGS[("red flags" if red_flag else "job offers", language)])
    slots = _base_slots(rng, "job offers", language, org, when)
    if red_flag or org.country == "US":
        slots["city"] = slots["city2"] if red_flag else "Miami"
    currency = "USD" if slots["city"] == "Miami" else "GBP" if org.country == "GB" and not red_flag else "EUR"
    salary = rng.randrange(24, 34) * 100 if red_flag else rng.randrange(15, 23) * 100
    debt = rng.randrange(30, 60) * 100
    slots.update(position=rng.choice(_POSITIONS[language]), hours=str(rng.choice((30, 35, 37, 40))),
                 salary=_money(salary, currency, language), debt=_money(debt, currency, language))
    return slots


def _travel_slots(rng: random.Random, language: str, red_flag: bool, when: datetime) -> dict[str, str]:
    """A trip: agency, airline, flight, hotel, departure time and price (``red_flag`` is for job offers only)."""
    org = rng.choice(_ORGS[("travel bookings", language)])
    slots = _base_slots(rng, "travel bookings", language, org, when)
    airline, designator = rng.choice(_AIRLINES)
    slots.update(airline=airline, hotel=rng.choice(_HOTELS),
                 flight=f"{designator} {rng.randrange(1000, 9999)}",
                 time=f"{rng.randrange(6, 22):02d}:{rng.choice((0, 15, 30, 45)):02d}",
                 price=_money(rng.randrange(6, 30) * 100 + rng.randrange(100), _currency(org.country), language))
    return slots


def _money_slots(rng: random.Random, language: str, red_flag: bool, when: datetime) -> dict[str, str]:
    """A transfer: amounts, fee, two IBANs and two wallets; the e-mail goes from the company to its customer."""
    org = rng.choice(_ORGS[("money transfers", language)])
    slots = _base_slots(rng, "money transfers", language, org, when)
    currency = _currency(org.country)
    make_iban = _british_iban if org.country == "GB" else _spanish_iban
    slots.update(first=_first_name(slots["person"]), sender_name=org.name, to_name=slots["person"],
                 email=f"{_ROLE_MAILBOXES[language]}@{org.domain}", to_email=_home_mailbox(rng, slots["person"]),
                 amount=_money(rng.randrange(3, 40) * 50, currency, language),
                 amount2=_money(rng.randrange(2, 20) * 25, currency, language),
                 fee=_money(rng.randrange(4, 15), currency, language),
                 iban=make_iban(rng), iban2=_spanish_iban(rng) if rng.random() < 0.5 else make_iban(rng),
                 btc=_bitcoin_address(rng), eth=_ethereum_address(rng))
    return slots


def _school_slots(rng: random.Random, language: str, red_flag: bool, when: datetime) -> dict[str, str]:
    """A school notice: the school, a class, its teacher ("person"), the head teacher, a parent, a trip price."""
    org = rng.choice(_ORGS[("school notices", language)])
    slots = _base_slots(rng, "school notices", language, org, when)
    parent = rng.choice(_SCHOOL_PARENTS)
    slots.update(**{"class": rng.choice(_CLASSES)}, head=_HEAD_TEACHER, recipient=parent, to_name=parent,
                 first=_first_name(parent), to_email=_home_mailbox(rng, parent),
                 price=_money(rng.randrange(6, 25), _currency(org.country), language))
    return slots


_SLOT_MAKERS: MappingProxyType[str, Callable[[random.Random, str, bool, datetime], dict[str, str]]] = \
    MappingProxyType({"job offers": _job_slots, "travel bookings": _travel_slots, "money transfers": _money_slots,
                      "school notices": _school_slots})


# ---------------------------------------------------------------------------------------------------------------
# A draft: the words of one document, before they are written in a format
# ---------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Draft:
    """What every format writes: title and paragraphs, the e-mail's two ends, the metadata, what never wraps."""

    title: str
    paragraphs: tuple[str, ...]
    language: str
    code: str
    sender: tuple[str, str]  # (display name, address)
    recipient: tuple[str, str]
    author: str
    when: datetime
    unbreakable: tuple[str, ...]  # names and identifiers kept on one line


def _compose(rng: random.Random, templates: _Templates, slots: dict[str, str]) -> tuple[str, tuple[str, ...]]:
    """A title and the paragraphs, filled in."""
    title = rng.choice(templates.titles).format(**slots)
    return title, tuple(_tidy(paragraph.format(**slots)) for paragraph in templates.paragraphs)


def _tidy(text: str) -> str:
    """One full stop after a name that ends in an abbreviation ("S.L." then "." reads "S.L.")."""
    return re.sub(r"(\b[A-Z]\.[A-Z]\.)\.", r"\1", text)


def _draft(rng: random.Random, templates: _Templates, slots: dict[str, str], language: str,
           when: datetime) -> _Draft:
    title, paragraphs = _compose(rng, templates, slots)
    unbreakable = tuple(slots[name] for name in (*_SLOT_LABELS, "code", "flight") if name in slots)
    return _Draft(title, paragraphs, language, slots["code"], (slots["sender_name"], slots["email"]),
                  (slots["to_name"], slots["to_email"]), slots["org"], when, unbreakable)


def _visible_text(draft: _Draft, file_format: str) -> str:
    """The text a reader (and the extractor) sees in the written document."""
    parts = [draft.title, *draft.paragraphs]
    if file_format == "eml":
        parts += [f"{name} <{address}>" for name, address in (draft.sender, draft.recipient)]
    return "\n".join(parts)


def _wrap(paragraph: str, width: int, unbreakable: tuple[str, ...]) -> list[str]:
    """Lines of at most ``width`` characters that never split a name or an identifier."""
    for item in unbreakable:
        paragraph = paragraph.replace(item, item.replace(" ", "\u00a0"))
    lines = textwrap.wrap(paragraph, width, break_long_words=False, break_on_hyphens=False)
    return [line.replace("\u00a0", " ") for line in lines]


# ---------------------------------------------------------------------------------------------------------------
# Writers: one per format, each byte-identical for the same draft
# ---------------------------------------------------------------------------------------------------------------

def _txt(draft: _Draft) -> bytes:
    blocks = [f"{draft.title}\n{'=' * len(draft.title)}"]
    blocks += ["\n".join(_wrap(paragraph, 76, draft.unbreakable)) for paragraph in draft.paragraphs]
    return ("\n\n".join(blocks) + "\n").encode("utf-8")


def _pdf_lines(draft: _Draft) -> list[tuple[str, float, str]]:
    """(font, size, text) for each line of the page; an empty text is a paragraph gap."""
    lines = [("hebo", 15.0, line) for line in _wrap(draft.title, 60, draft.unbreakable)] + [("helv", 10.5, "")]
    for paragraph in draft.paragraphs:
        lines += [("helv", 10.5, line) for line in _wrap(paragraph, 88, draft.unbreakable)] + [("helv", 10.5, "")]
    return lines


def _pdf(draft: _Draft) -> bytes:
    """A text PDF in base-14 Helvetica (Latin-1, so Spanish accents survive), with dates from the draft."""
    import pymupdf

    document = pymupdf.open()
    page, y = None, 0.0
    for font, size, text in _pdf_lines(draft):
        if page is None or y > 790:
            page, y = document.new_page(width=595, height=842), 72.0
        if text:
            page.insert_text((56, y), text, fontname=font, fontsize=size)
        y += size * 1.45
    stamp = draft.when.strftime("D:%Y%m%d%H%M%S+00'00'")
    document.set_metadata({"title": draft.title, "author": draft.author, "subject": "", "keywords": "",
                           "creator": "Microsoft Word", "producer": "PDF export", "creationDate": stamp,
                           "modDate": stamp})
    data = document.tobytes(garbage=3, deflate=True, no_new_id=True)
    document.close()
    return data


def _fixed_zip(data: bytes, when: datetime) -> bytes:
    """The same zip with every entry dated ``when``, so that saving it twice gives the same bytes."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=when.timetuple()[:6])
            fixed.compress_type, fixed.create_system, fixed.external_attr = zipfile.ZIP_DEFLATED, 0, 0
            target.writestr(fixed, source.read(entry.filename))
    return output.getvalue()


def _docx(draft: _Draft) -> bytes:
    """A Word document with its core properties (author, dates, language) set from the draft."""
    import docx

    document = docx.Document()
    document.add_heading(draft.title, level=1)
    for paragraph in draft.paragraphs:
        document.add_paragraph(paragraph)
    properties = document.core_properties
    properties.author = properties.last_modified_by = draft.author
    properties.title, properties.comments, properties.revision = draft.title, "", 1
    properties.language = "en-GB" if draft.language == "en" else "es-ES"
    properties.created = properties.modified = draft.when.replace(tzinfo=None)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue(), draft.when)


def _eml(draft: _Draft) -> bytes:
    """An RFC 5322 message with a fixed Date and Message-ID."""
    message = email.message.EmailMessage(policy=email.policy.default)
    (sender_name, sender), (recipient_name, recipient) = draft.sender, draft.recipient
    message["From"] = Address(sender_name, addr_spec=sender)
    message["To"] = Address(recipient_name, addr_spec=recipient)
    message["Subject"] = draft.title
    message["Date"] = email.utils.format_datetime(draft.when)
    message["Message-ID"] = f"<{draft.when:%Y%m%d%H%M%S}.{draft.code.lower()}@{sender.split('@')[1]}>"
    message["Content-Language"] = draft.language
    body = "\n\n".join("\n".join(_wrap(paragraph, 76, draft.unbreakable)) for paragraph in draft.paragraphs)
    message.set_content(body + "\n")
    return message.as_bytes()


def _html(draft: _Draft) -> bytes:
    title = html.escape(draft.title)
    parts = [f'<!DOCTYPE html>\n<html lang="{draft.language}">\n<head>\n<meta charset="utf-8">\n'
             f"<title>{title}</title>\n</head>\n<body>\n<h1>{title}</h1>"]
    parts += [f"<p>{html.escape(paragraph)}</p>" for paragraph in draft.paragraphs]
    parts.append("</body>\n</html>\n")
    return "\n".join(parts).encode("utf-8")


_WRITERS: MappingProxyType[str, Callable[[_Draft], bytes]] = MappingProxyType(
    {"txt": _txt, "pdf": _pdf, "docx": _docx, "eml": _eml, "html": _html})


# ---------------------------------------------------------------------------------------------------------------
# The documents
# ---------------------------------------------------------------------------------------------------------------

def _moment(rng: random.Random) -> datetime:
    """A working-hours moment between September 2024 and April 2025, in UTC."""
    start = datetime(2024, 9, 2, tzinfo=timezone.utc)
    return start + timedelta(days=rng.randrange(230), minutes=rng.randrange(8 * 60, 18 * 60))


def _unique_code(rng: random.Random, prefix: str, taken: set[str]) -> str:
    """A reference like REF-7Q2K9, different from every code and file name already given out."""
    while True:
        code = prefix + "-" + "".join(rng.choice(_CODE_ALPHABET) for _ in range(5))
        if code not in taken:
            taken.add(code)
            return code


def _file_name(rng: random.Random, stems: tuple[str, ...], slots: dict[str, str], file_format: str,
               taken: set[str]) -> str:
    """A realistic file name (job_offer_brightwater.docx), numbered when another document already has its stem."""
    values = {name: _slug(value) for name, value in slots.items()}
    values.update(org=slots["org_slug"], **{"class": _slug(slots.get("class", "").replace(".º de", ""))})
    stem = base = rng.choice(stems).format(**values)
    number = 2
    while stem in taken:
        stem, number = f"{base}_{number}", number + 1
    taken.add(stem)
    return f"{stem}.{file_format}"


def _entities(slots: dict[str, str], visible: str) -> tuple[dict[str, str], ...]:
    """Every planted name and identifier that the written document shows, in order of appearance."""
    found = {(label, slots[name]) for name, label in _SLOT_LABELS.items() if name in slots and slots[name] in visible}
    ordered = sorted(found, key=lambda item: (visible.index(item[1]), item[0]))
    return tuple({"label": label, "text": text, "normalized": _normalized(label, text)} for label, text in ordered)


def _phrases(topic: str, slots: dict[str, str]) -> tuple[str, ...]:
    """Words a full-text search must find: the document's reference, a surname, and for travel the flight."""
    phrases = (slots["code"], _surname(slots["person"]))
    return phrases + ((slots["flight"],) if topic == "travel bookings" else ())


def _bookmark(topic: str, red_flag: bool) -> str | None:
    if topic == "money transfers":
        return "money-transfers"
    return "job-offers" if red_flag else None


def _document(rng: random.Random, topic: str, language: str, number: int, red_flag: bool, file_format: str,
              taken: set[str]) -> PlantedDocument:
    """One planted document of a topic, language and format."""
    when = _moment(rng)
    slots = _SLOT_MAKERS[topic](rng, language, red_flag, when)
    slots["code"] = _unique_code(rng, _CODE_PREFIXES[(topic, language)], taken)
    templates = _TEMPLATES[(topic, language, red_flag)]
    draft = _draft(rng, templates, slots, language, when)
    return PlantedDocument(
        key_id=f"doc-{language}-{_TOPIC_KEYS[topic]}-{number:02d}",
        name=_file_name(rng, templates.stems, slots, file_format, taken),
        language=language, topic=topic, format=file_format, data=_WRITERS[file_format](draft),
        entities=_entities(slots, _visible_text(draft, file_format)), phrases=_phrases(topic, slots),
        bookmark=_bookmark(topic, red_flag), when=when)


def _topic_plan(rng: random.Random, topic: str) -> list[tuple[str, int, bool]]:
    """(language, number, red flag) for each document of a topic; a few job offers in each language are red flags."""
    plan = []
    for language, count in DOCUMENTS_PER_LANGUAGE:
        red = set(rng.sample(range(1, count + 1), RED_FLAG_JOBS[language])) if topic == "job offers" else set()
        plan += [(language, number, number in red) for number in range(1, count + 1)]
    return plan


def planted_documents(rng: random.Random) -> list[PlantedDocument]:
    """The benign documents of the classroom case (10 per topic: 6 English, 4 Spanish, in all five formats).

    The same seed gives the same list, down to every byte of every file.
    """
    documents: list[PlantedDocument] = []
    taken: set[str] = set()  # codes and file names already given out
    for topic_number, topic in enumerate(TOPICS):
        for position, (language, number, red_flag) in enumerate(_topic_plan(rng, topic)):
            file_format = FORMATS[(position + topic_number) % len(FORMATS)]
            documents.append(_document(rng, topic, language, number, red_flag, file_format, taken))
    return documents
