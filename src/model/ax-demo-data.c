/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ax-model"

/* What the demo clinic offers and who comes to it: the tables the demo
 * generator draws from. Prices are satang (฿1 = 100). Names are data, not
 * interface text: they are not translated. */

#include "ax-demo-private.h"

#include <string.h>

#define TABLE_LEN(name) const guint name##_len = G_N_ELEMENTS (name)

enum { CAT_INJECTABLES, CAT_LASERS, CAT_PEELS, CAT_FACIALS, CAT_MEDICATIONS, CAT_RETAIL,
       CAT_PACKAGES, CAT_CONSULTATIONS };

const DemoCategory demo_categories[] = {
  [CAT_INJECTABLES]   = { "Injectables", "treatment", "#3584e4" },
  [CAT_LASERS]        = { "Lasers", "treatment", "#e66100" },
  [CAT_PEELS]         = { "Peels", "treatment", "#f5c211" },
  [CAT_FACIALS]       = { "Facials", "treatment", "#2ec27e" },
  [CAT_MEDICATIONS]   = { "Medications", "medication", "#9141ac" },
  [CAT_RETAIL]        = { "Retail", "retail", "#986a44" },
  [CAT_PACKAGES]      = { "Packages", "package", "#c01c28" },
  [CAT_CONSULTATIONS] = { "Consultations", "treatment", "#77767b" },
};
TABLE_LEN (demo_categories);

enum { P_BOTOX, P_VOLBELLA, P_VOLUMA, P_LYFT, P_LIDOCAINE, P_HYALASE, P_GLUTATHIONE, P_GLYCOLIC,
       P_SUNSCREEN, P_VITC, P_HA_SERUM, P_CLEANSER, P_RETINOL, P_SOOTHING, P_LIPBALM, P_TONER };

enum { S_BTX_FH, S_BTX_GL, S_BTX_CF, S_BTX_MS, S_FIL_LP, S_FIL_CK, S_FIL_NL, S_FIL_CH, S_PICO,
       S_IPL, S_CO2, S_HAIR, S_PEEL_GLY, S_PEEL_TCA, S_HYDRAFACIAL, S_FACIAL_DC, S_LED, S_IV_DRIP,
       S_CONSULT, S_CONSULT_ONLINE, N_SERVICES };

/*                      doctor, nurse, therapist */
#define W(d, n, t) { d, n, t }

const DemoService demo_services[] = {
  { "BTX-FH", "Botulinum toxin – forehead", CAT_INJECTABLES, 30, 800000, "standard",
    DEMO_ROOM_TREATMENT, P_BOTOX, 20, W (10, 8, 0), FALSE,
    "Forehead lines, about 20 units of onabotulinumtoxinA" },
  { "BTX-GL", "Botulinum toxin – glabella (frown lines)", CAT_INJECTABLES, 30, 750000, "standard",
    DEMO_ROOM_TREATMENT, P_BOTOX, 20, W (8, 6, 0), FALSE,
    "Frown lines between the brows, about 20 units" },
  { "BTX-CF", "Botulinum toxin – crow's feet", CAT_INJECTABLES, 30, 750000, "standard",
    DEMO_ROOM_TREATMENT, P_BOTOX, 24, W (6, 6, 0), FALSE,
    "Lateral canthal lines, both sides, about 24 units" },
  { "BTX-MS", "Botulinum toxin – masseter (jaw slimming)", CAT_INJECTABLES, 45, 1500000, "standard",
    DEMO_ROOM_TREATMENT, P_BOTOX, 50, W (5, 2, 0), FALSE,
    "Masseter reduction, about 50 units" },
  { "FIL-LP", "Dermal filler – lips 1 ml", CAT_INJECTABLES, 45, 1490000, "standard",
    DEMO_ROOM_TREATMENT, P_VOLBELLA, 1, W (6, 2, 0), FALSE,
    "Hyaluronic acid lip enhancement, one syringe" },
  { "FIL-CK", "Dermal filler – cheeks 2 ml", CAT_INJECTABLES, 60, 2800000, "standard",
    DEMO_ROOM_TREATMENT, P_VOLUMA, 2, W (4, 0, 0), FALSE,
    "Mid-face volume, two syringes" },
  { "FIL-NL", "Dermal filler – nasolabial folds 1 ml", CAT_INJECTABLES, 45, 1390000, "standard",
    DEMO_ROOM_TREATMENT, P_LYFT, 1, W (4, 1, 0), FALSE,
    "Nasolabial folds, one syringe" },
  { "FIL-CH", "Dermal filler – chin 1 ml", CAT_INJECTABLES, 45, 1450000, "standard",
    DEMO_ROOM_TREATMENT, P_VOLUMA, 1, W (3, 0, 0), FALSE,
    "Chin projection, one syringe" },
  { "LSR-PICO", "Pico laser – full face", CAT_LASERS, 45, 650000, "standard",
    DEMO_ROOM_LASER, -1, 0, W (1, 0, 8), FALSE,
    "Picosecond laser toning for pigmentation" },
  { "LSR-IPL", "IPL photorejuvenation", CAT_LASERS, 45, 450000, "standard",
    DEMO_ROOM_LASER, -1, 0, W (0, 0, 6), FALSE,
    "Intense pulsed light for redness and sun spots" },
  { "LSR-CO2", "CO2 fractional laser – full face", CAT_LASERS, 60, 1500000, "standard",
    DEMO_ROOM_LASER, -1, 0, W (3, 0, 1), FALSE,
    "Ablative fractional resurfacing for scars and texture" },
  { "LSR-HR", "Laser hair removal – underarms", CAT_LASERS, 30, 250000, "standard",
    DEMO_ROOM_LASER, -1, 0, W (0, 1, 8), TRUE,
    "Diode laser, both underarms" },
  { "PEEL-GLY", "Glycolic acid peel 30 %", CAT_PEELS, 30, 220000, "standard",
    DEMO_ROOM_TREATMENT, -1, 0, W (0, 4, 4), TRUE,
    "Superficial peel for dullness and fine lines" },
  { "PEEL-TCA", "TCA peel 15 %", CAT_PEELS, 45, 480000, "standard",
    DEMO_ROOM_TREATMENT, -1, 0, W (2, 2, 0), FALSE,
    "Medium-depth peel; a week of downtime" },
  { "FAC-HYD", "HydraFacial signature", CAT_FACIALS, 60, 390000, "standard",
    DEMO_ROOM_FACIAL, -1, 0, W (0, 0, 10), FALSE,
    "Cleanse, extract and hydrate" },
  { "FAC-DC", "Deep-cleansing facial", CAT_FACIALS, 60, 180000, "standard",
    DEMO_ROOM_FACIAL, -1, 0, W (0, 0, 6), TRUE,
    "Steam, extraction and mask" },
  { "FAC-LED", "LED light therapy", CAT_FACIALS, 30, 120000, "standard",
    DEMO_ROOM_FACIAL, -1, 0, W (0, 3, 4), FALSE,
    "Red and blue light after a facial or peel" },
  { "IV-GLUTA", "IV vitamin drip – glutathione", CAT_MEDICATIONS, 45, 350000, "standard",
    DEMO_ROOM_TREATMENT, P_GLUTATHIONE, 1, W (1, 6, 0), FALSE,
    "Glutathione 600 mg with vitamin C" },
  { "CONS", "Doctor's consultation", CAT_CONSULTATIONS, 30, 50000, "exempt",
    DEMO_ROOM_NONE, -1, 0, W (10, 0, 0), TRUE,
    "Assessment and treatment plan; medical care, exempt from VAT" },
  { "CONS-OS", "Online consultation (overseas patient)", CAT_CONSULTATIONS, 30, 100000, "zero",
    DEMO_ROOM_NONE, -1, 0, W (1, 0, 0), FALSE,
    "Video consultation for a patient abroad; an export of services, zero-rated" },
};
TABLE_LEN (demo_services);
G_STATIC_ASSERT (G_N_ELEMENTS (demo_services) == N_SERVICES);

int
demo_category_index (const char *name)
{
  for (guint i = 0; i < demo_categories_len; i++)
    if (strcmp (demo_categories[i].name, name) == 0)
      return (int) i;
  g_assert_not_reached ();
}

int
demo_service_index (const char *code)
{
  for (guint i = 0; i < demo_services_len; i++)
    if (strcmp (demo_services[i].code, code) == 0)
      return (int) i;
  g_assert_not_reached ();
}

enum { SUP_ALLERGAN, SUP_GALDERMA, SUP_SIAM };

const DemoProduct demo_products[] = {
  /* code, barcode, name, kind, unit, category, price, cost, threshold,
   * on hand, old lot on hand, old lot expiry (days from today), shelf days,
   * lot period, supplier, retail weight, lot prefix */
  [P_BOTOX] = { "BTX100", "8850001000017", "Botox® 100U (onabotulinumtoxinA)", "medication", "U",
                CAT_MEDICATIONS, 0, 6000, 300, 240, 0, 0, 420, 45, SUP_ALLERGAN, 0, "C" },
  [P_VOLBELLA] = { "JUV-VOLB", "3760158660010", "Juvéderm® Volbella 1 ml", "medication", "syringe",
                   CAT_MEDICATIONS, 0, 550000, 4, 2, 0, 0, 400, 60, SUP_ALLERGAN, 0, "VB" },
  [P_VOLUMA] = { "JUV-VOLU", "3760158660027", "Juvéderm® Voluma 1 ml", "medication", "syringe",
                 CAT_MEDICATIONS, 0, 600000, 6, 14, 0, 0, 400, 60, SUP_ALLERGAN, 0, "VM" },
  [P_LYFT] = { "RES-LYFT", "7350031443019", "Restylane® Lyft 1 ml", "medication", "syringe",
               CAT_MEDICATIONS, 0, 500000, 4, 9, 1, -9, 400, 60, SUP_GALDERMA, 0, "RL" },
  [P_LIDOCAINE] = { "LIDO-30", "8850002000306", "Lidocaine 5 % cream 30 g", "medication", "tube",
                    CAT_MEDICATIONS, 45000, 18000, 5, 12, 4, 21, 420, 90, SUP_SIAM, 2, "LC" },
  [P_HYALASE] = { "HYAL-1500", "8850002001501", "Hyaluronidase 1500 IU", "medication", "vial",
                  CAT_MEDICATIONS, 0, 250000, 2, 4, 0, 0, 540, 180, SUP_SIAM, 0, "HY" },
  [P_GLUTATHIONE] = { "GLUTA-600", "8850002006001", "Glutathione 600 mg ampoule", "medication",
                      "ampoule", CAT_MEDICATIONS, 0, 60000, 20, 48, 0, 0, 400, 60, SUP_SIAM, 0, "GT" },
  [P_GLYCOLIC] = { "GLY-30", "8850002003000", "Glycolic acid 30 % peel solution 50 ml", "consumable",
                   "bottle", CAT_MEDICATIONS, 0, 120000, 2, 5, 2, 40, 365, 120, SUP_SIAM, 0, "GA" },
  [P_SUNSCREEN] = { "SUN-50", "8850003000509", "Sunscreen SPF50+ PA++++ 50 ml", "retail", "tube",
                    CAT_RETAIL, 89000, 32000, 10, 6, 0, 0, 420, 60, SUP_GALDERMA, 10, "SS" },
  [P_VITC] = { "SER-VITC", "8850003001506", "Vitamin C serum 15 % 30 ml", "retail", "bottle",
               CAT_RETAIL, 159000, 52000, 6, 18, 3, 52, 400, 90, SUP_SIAM, 6, "VC" },
  [P_HA_SERUM] = { "SER-HA", "8850003002305", "Hyaluronic acid serum 30 ml", "retail", "bottle",
                   CAT_RETAIL, 129000, 41000, 6, 22, 0, 0, 420, 90, SUP_SIAM, 6, "HA" },
  [P_CLEANSER] = { "CLN-FOAM", "8850003003159", "Gentle foaming cleanser 150 ml", "retail", "bottle",
                   CAT_RETAIL, 69000, 21000, 8, 25, 0, 0, 450, 90, SUP_GALDERMA, 6, "CF" },
  [P_RETINOL] = { "RET-03", "8850003004303", "Retinol 0.3 % night cream 30 ml", "retail", "jar",
                  CAT_RETAIL, 149000, 47000, 5, 11, 0, 0, 400, 120, SUP_GALDERMA, 4, "RN" },
  [P_SOOTHING] = { "GEL-SOOTH", "8850003005508", "Post-laser soothing gel 50 g", "retail", "tube",
                   CAT_RETAIL, 55000, 16000, 8, 20, 0, 0, 420, 90, SUP_SIAM, 5, "SG" },
  [P_LIPBALM] = { "LIP-SPF", "8850003006154", "Lip balm SPF15", "retail", "stick",
                  CAT_RETAIL, 29000, 8000, 10, 35, 0, 0, 480, 120, SUP_SIAM, 4, "LB" },
  [P_TONER] = { "TON-NIA", "8850003007205", "Niacinamide 5 % toner 200 ml", "retail", "bottle",
                CAT_RETAIL, 79000, 24000, 6, 16, 0, 0, 450, 120, SUP_SIAM, 3, "NT" },
};
TABLE_LEN (demo_products);
G_STATIC_ASSERT (G_N_ELEMENTS (demo_products) == P_TONER + 1);

const DemoPackage demo_packages[] = {
  { "PKG-BTX3", "Botox forehead × 3", S_BTX_FH, 3, 2100000, 540 },
  { "PKG-HYD5", "HydraFacial × 5", S_HYDRAFACIAL, 5, 1690000, 365 },
  { "PKG-PICO6", "Pico laser × 6", S_PICO, 6, 3300000, 365 },
  { "PKG-HR10", "Laser hair removal underarms × 10", S_HAIR, 10, 1500000, 730 },
};
TABLE_LEN (demo_packages);

const DemoPlan demo_plans[] = {
  { "Glow Club (monthly)", 299000, 1, 0, S_HYDRAFACIAL, 1 },
  { "Lotus VIP (yearly)", 5900000, 12, 6000000, S_BTX_FH, 2 },
};
TABLE_LEN (demo_plans);

const DemoProvider demo_providers[] = {
  { "Dr Somchai Lee", "Dr", "Aesthetic physician", "#3584e4", "MD 31245", DEMO_DOCTOR, 0 },
  { "Dr Helen Carter", "Dr", "Dermatologist, medical director", "#9141ac", "MD 28817", DEMO_DOCTOR, 6 },
  { "Dr Fernanda Oliveira", "Dr", "Dermatologist", "#e66100", "MD 40533", DEMO_DOCTOR, 1 },
  { "Nurse Kanokwan Srisuk", "Nurse", "Nurse injector", "#2ec27e", "RN 551902", DEMO_NURSE, 0 },
  { "Nurse João Pereira", "Nurse", "Nurse injector", "#c01c28", "RN 560431", DEMO_NURSE, 3 },
  { "Therapist Pimchanok Rattanakorn", "Therapist", "Laser therapist", "#f5c211", NULL,
    DEMO_THERAPIST, 4 },
  { "Therapist Conceição Almeida", "Therapist", "Facial therapist", "#986a44", NULL,
    DEMO_THERAPIST, 0 },
  { "Therapist Emily Watson", "Therapist", "Skin therapist", "#26a269", NULL, DEMO_THERAPIST, 2 },
};
TABLE_LEN (demo_providers);

const DemoRoom demo_rooms[] = {
  { "Treatment 1", "treatment", DEMO_ROOM_TREATMENT },
  { "Treatment 2", "treatment", DEMO_ROOM_TREATMENT },
  { "Treatment 3", "treatment", DEMO_ROOM_TREATMENT },
  { "Treatment 4", "treatment", DEMO_ROOM_TREATMENT },
  { "Laser Suite", "laser", DEMO_ROOM_LASER },
  { "Facial Room", "facial", DEMO_ROOM_FACIAL },
};
TABLE_LEN (demo_rooms);

const DemoSupplier demo_suppliers[] = {
  { "AbbVie (Allergan Aesthetics) Thailand Ltd.", "Khun Nattapong", "02-123-4500",
    "orders.th@allergan.example", "0105545012345",
    "1 Empire Tower, South Sathon Road, Yan Nawa, Sathon, Bangkok 10120" },
  { "Galderma (Thailand) Ltd.", "Khun Siriporn", "02-234-5600", "th.orders@galderma.example",
    "0105537098765", "989 Siam Piwat Tower, Rama I Road, Pathum Wan, Bangkok 10330" },
  { "Siam Derma Supply Co., Ltd.", "Khun Wichai", "02-345-6700", "sales@siamderma.example",
    "0105559054321", "55 Soi Ari 4, Samsen Nai, Phaya Thai, Bangkok 10400" },
};
TABLE_LEN (demo_suppliers);

const DemoThaiName demo_thai_female[] = {
  { "Anong", "อนงค์" }, { "Siriporn", "ศิริพร" }, { "Kanya", "กัญญา" },
  { "Pimchanok", "พิมพ์ชนก" }, { "Nattaya", "ณัฐยา" }, { "Supaporn", "สุภาพร" },
  { "Wanida", "วนิดา" }, { "Ratchanee", "รัชนี" }, { "Chanida", "ชนิดา" },
  { "Kannika", "กรรณิการ์" }, { "Orawan", "อรวรรณ" }, { "Jiraporn", "จิราภรณ์" },
  { "Malee", "มาลี" }, { "Sasithorn", "ศศิธร" }, { "Thida", "ธิดา" },
  { "Warunee", "วารุณี" }, { "Kwanjai", "ขวัญใจ" }, { "Duangjai", "ดวงใจ" },
  { "Sumalee", "สุมาลี" }, { "Patcharee", "พัชรี" }, { "Arunee", "อรุณี" },
  { "Naree", "นารี" }, { "Yupin", "ยุพิน" }, { "Porntip", "พรทิพย์" },
  { "Kanokwan", "กนกวรรณ" }, { "Rattana", "รัตนา" }, { "Suda", "สุดา" },
  { "Chutima", "ชุติมา" }, { "Nantana", "นันทนา" }, { "Apinya", "อภิญญา" },
};
TABLE_LEN (demo_thai_female);

const DemoThaiName demo_thai_male[] = {
  { "Somchai", "สมชาย" }, { "Anan", "อนันต์" }, { "Niran", "นิรันดร์" },
  { "Prasert", "ประเสริฐ" }, { "Thanawat", "ธนวัฒน์" }, { "Kittisak", "กิตติศักดิ์" },
  { "Wichai", "วิชัย" }, { "Chaiwat", "ชัยวัฒน์" }, { "Nattapong", "ณัฐพงศ์" },
  { "Surasak", "สุรศักดิ์" }, { "Somsak", "สมศักดิ์" }, { "Pichit", "พิชิต" },
  { "Boonsong", "บุญส่ง" }, { "Teerapat", "ธีรภัทร" }, { "Worawit", "วรวิทย์" },
};
TABLE_LEN (demo_thai_male);

const DemoThaiName demo_thai_surnames[] = {
  { "Srisuk", "ศรีสุข" }, { "Wongsa", "วงศ์ษา" }, { "Chaiyaporn", "ชัยยาพร" },
  { "Rattanakorn", "รัตนากร" }, { "Saetang", "แซ่ตั้ง" }, { "Sukprasert", "สุขประเสริฐ" },
  { "Thongchai", "ธงชัย" }, { "Boonmee", "บุญมี" }, { "Kaewkla", "แก้วกล้า" },
  { "Phromma", "พรหมมา" }, { "Jaidee", "ใจดี" }, { "Charoenrat", "เจริญรัตน์" },
  { "Siriwat", "ศิริวัฒน์" }, { "Pongsak", "พงศ์ศักดิ์" }, { "Suwannarat", "สุวรรณรัตน์" },
  { "Sombat", "สมบัติ" }, { "Intharaprasit", "อินทรประสิทธิ์" }, { "Kongkaew", "ก้องแก้ว" },
  { "Wattanasin", "วัฒนสิน" }, { "Limpichai", "ลิ้มพิชัย" }, { "Tangsiri", "ตั้งศิริ" },
  { "Ruangrit", "เรืองฤทธิ์" }, { "Chantarasorn", "จันทรสร" }, { "Petchsri", "เพชรศรี" },
  { "Yodsuwan", "ยอดสุวรรณ" },
};
TABLE_LEN (demo_thai_surnames);

const DemoThaiName demo_thai_nick_female[] = {
  { "Ploy", "พลอย" }, { "Fon", "ฝน" }, { "Nok", "นก" }, { "Mai", "ใหม่" }, { "Bee", "บี" },
  { "Aom", "ออม" }, { "Nan", "แนน" }, { "Joy", "จอย" }, { "Gift", "กิ๊ฟ" }, { "Mint", "มิ้นท์" },
  { "Pim", "พิม" }, { "Fah", "ฟ้า" }, { "Praew", "แพรว" }, { "Kwan", "ขวัญ" }, { "Noon", "หนูน" },
};
TABLE_LEN (demo_thai_nick_female);

const DemoThaiName demo_thai_nick_male[] = {
  { "Golf", "กอล์ฟ" }, { "Bank", "แบงค์" }, { "Boss", "บอส" }, { "Ton", "ต้น" },
  { "Tum", "ตั้ม" }, { "Beam", "บีม" }, { "Top", "ท็อป" }, { "Art", "อาร์ต" },
};
TABLE_LEN (demo_thai_nick_male);

const char *const demo_br_female[] = {
  "Ana", "Maria", "Juliana", "Fernanda", "Beatriz", "Camila", "Larissa", "Conceição", "Letícia",
  "Mariana", "Gabriela", "Patrícia", "Luíza", "Aline", "Vitória", "Débora", "Lúcia", "Márcia",
};
TABLE_LEN (demo_br_female);

const char *const demo_br_male[] = {
  "João", "Pedro", "Lucas", "Rafael", "Thiago", "Gustavo", "André", "Sérgio", "Márcio", "Antônio",
  "José", "Fábio",
};
TABLE_LEN (demo_br_male);

const char *const demo_br_surnames[] = {
  "Silva", "Santos", "Oliveira", "Souza", "Lima", "Pereira", "Ferreira", "Almeida", "Costa",
  "Gonçalves", "Araújo", "Conceição", "Ribeiro", "Carvalho", "Magalhães", "Brandão", "Assunção",
  "Simões", "Gusmão", "Nogueira",
};
TABLE_LEN (demo_br_surnames);

const char *const demo_en_female[] = {
  "Emily", "Sarah", "Jessica", "Olivia", "Charlotte", "Sophie", "Hannah", "Emma", "Grace", "Chloe",
  "Amelia", "Lucy", "Rebecca", "Laura", "Megan",
};
TABLE_LEN (demo_en_female);

const char *const demo_en_male[] = {
  "James", "Oliver", "Thomas", "Daniel", "William", "Michael", "David", "Jack", "Harry", "Matthew",
};
TABLE_LEN (demo_en_male);

const char *const demo_en_surnames[] = {
  "Smith", "Johnson", "Brown", "Taylor", "Wilson", "Evans", "Walker", "Wright", "Thompson",
  "Robinson", "Clarke", "Hughes", "Carter", "Watson", "O'Brien", "Murphy", "Bennett", "Mitchell",
  "Turner", "Cooper",
};
TABLE_LEN (demo_en_surnames);

/* Extra providers when a very large demo needs more hands (see ax-demo-days.c). */
const char *const demo_extra_given[] = {
  "Arisa", "Kittipong", "Mariana", "Sophie", "Thanakorn", "Renata", "Olivia", "Pakorn",
  "Gabriela", "Daniel", "Napat", "Luiza",
};
TABLE_LEN (demo_extra_given);

const char *const demo_extra_colors[] = {
  "#1c71d8", "#813d9c", "#c64600", "#26a269", "#a51d2d", "#e5a50a", "#865e3c", "#63452c",
  "#5e5c64", "#99c1f1", "#dc8add", "#ffa348",
};
TABLE_LEN (demo_extra_colors);

const DemoStreet demo_streets[] = {
  { "Sukhumvit Soi", "Khlong Toei Nuea, Watthana, Bangkok 10110" },
  { "Silom Soi", "Suriyawong, Bang Rak, Bangkok 10500" },
  { "Ratchadaphisek Soi", "Din Daeng, Din Daeng, Bangkok 10400" },
  { "Phahonyothin Soi", "Samsen Nai, Phaya Thai, Bangkok 10400" },
  { "Rama IX Soi", "Huai Khwang, Huai Khwang, Bangkok 10310" },
  { "Sathon Soi", "Thung Maha Mek, Sathon, Bangkok 10120" },
  { "Charoen Krung Soi", "Bang Kho Laem, Bang Kho Laem, Bangkok 10120" },
  { "Lat Phrao Soi", "Chom Phon, Chatuchak, Bangkok 10900" },
  { "Ekkamai Soi", "Khlong Tan Nuea, Watthana, Bangkok 10110" },
  { "Ari Soi", "Samsen Nai, Phaya Thai, Bangkok 10400" },
};
TABLE_LEN (demo_streets);

const char *const demo_allergens[] = { "Lidocaine", "Penicillin", "Hyaluronidase", "Latex" };
TABLE_LEN (demo_allergens);

const char *const demo_reactions[] = { "Rash", "Hives", "Swelling", "Itching", "Anaphylaxis" };
TABLE_LEN (demo_reactions);

const char *const demo_sources[] = {
  "walk-in", "instagram", "facebook", "referral", "google", "line", "tiktok",
};
TABLE_LEN (demo_sources);

const char *const demo_appointment_notes[] = {
  "First visit", "Prefers a Thai-speaking provider", "Numbing cream 30 minutes before",
  "Follow-up two weeks after treatment", "Sensitive skin", "Bring previous photos",
  "Asked for the earliest slot", "Patient will pay by package credit",
};
TABLE_LEN (demo_appointment_notes);

const char *const demo_cancel_reasons[] = {
  "Patient rescheduled", "Feeling unwell", "Travelling", "Work commitment", "Clinic request",
};
TABLE_LEN (demo_cancel_reasons);

const char *const demo_void_reasons[] = {
  "Wrong item rung up", "Duplicate receipt", "Patient changed their mind before paying",
  "Wrong price",
};
TABLE_LEN (demo_void_reasons);
